// Misconfigured (class 1): queue policy for sns.amazonaws.com bound by ArnLike aws:SourceArn "arn:aws:sns:*:*:alerts" — any account's topic named alerts.
import * as aws from "@pulumi/aws";

const queue = new aws.sqs.Queue("alerts-sink", {});

new aws.sqs.QueuePolicy("alerts-sink-policy", {
    queueUrl: queue.url,
    policy: queue.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: arn,
            Condition: { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:alerts" } },
        }],
    })),
});

export const expected = { risky: ["alerts-sink-policy"], level: "mandatory", risk: 1 };
