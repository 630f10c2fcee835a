// Misconfigured (class 2): getPolicyDocumentOutput granting events.amazonaws.com sqs:SendMessage without aws:SourceArn/aws:SourceAccount.
import * as aws from "@pulumi/aws";

const queue = new aws.sqs.Queue("schedule-queue", {});

new aws.sqs.QueuePolicy("schedule-queue-policy", {
    queueUrl: queue.url,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            sid: "FromEventBridge",
            effect: "Allow",
            principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
            actions: ["sqs:SendMessage"],
            resources: [queue.arn],
        }],
    }).json,
});

export const expected = { risky: ["schedule-queue-policy"], level: "mandatory", risk: 2 };
