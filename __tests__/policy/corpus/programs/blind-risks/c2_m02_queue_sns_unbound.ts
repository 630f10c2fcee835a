// Misconfigured (class 2): queue policy lets sns.amazonaws.com SendMessage with no source binding — any topic in any account can inject messages.
import * as aws from "@pulumi/aws";

const queue = new aws.sqs.Queue("fanout-queue", {});

new aws.sqs.QueuePolicy("fanout-queue-policy", {
    queueUrl: queue.url,
    policy: queue.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: { Effect: "Allow", Principal: { Service: ["sns.amazonaws.com"] }, Action: ["sqs:SendMessage"], Resource: arn },
    })),
});

export const expected = { risky: ["fanout-queue-policy"], level: "mandatory", risk: 2 };
