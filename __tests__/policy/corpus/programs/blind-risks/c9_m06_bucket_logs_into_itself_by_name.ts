// Misconfigured (class 9): bucket with an explicit name delivering access logs to itself, target given as the literal name string.
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("audit-exports", { bucket: "acme-audit-exports-111111111111" });

new aws.s3.BucketLogging("audit-exports-logging", {
    bucket: bucket.id,
    targetBucket: "acme-audit-exports-111111111111",
    targetPrefix: "logs/",
});

export const expected = { risky: ["audit-exports-logging"], level: "advisory", risk: 9 };
