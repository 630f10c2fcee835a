// Misconfigured (class 1): queue policy for everyone, "restricted" by four /2 IPv4 blocks plus the IPv6 halves ::/1 + 8000::/1 — together every address.
import * as aws from "@pulumi/aws";

const queue = new aws.sqs.Queue("ingest-queue", {});

new aws.sqs.QueuePolicy("ingest-queue-policy", {
    queueUrl: queue.url,
    policy: queue.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["sqs:SendMessage"],
            Resource: arn,
            Condition: {
                IpAddress: {
                    "aws:SourceIp": ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2", "::/1", "8000::/1"],
                },
            },
        }],
    })),
});

export const expected = { risky: ["ingest-queue-policy"], level: "mandatory", risk: 1 };
