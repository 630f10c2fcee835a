// Legitimate (class 1): queue policy for this account's principals with an IP condition of two small private ranges.
import * as aws from "@pulumi/aws";

const queue = new aws.sqs.Queue("office-queue", {});

new aws.sqs.QueuePolicy("office-queue-policy", {
    queueUrl: queue.url,
    policy: queue.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: "sqs:SendMessage",
            Resource: arn,
            Condition: { IpAddress: { "aws:SourceIp": ["10.20.0.0/24", "192.168.50.0/28"] } },
        }],
    })),
});

export const expected = { safe: ["office-queue-policy"], risk: 1 };
