// Misconfigured (class 1): Principal "*" with StringEqualsIfExists aws:SourceVpc — a request from the internet carries no SourceVpc key, so the condition passes.
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("internal-docs", {});

new aws.s3.BucketPolicy("internal-docs-policy", {
    bucket: bucket.bucket,
    policy: bucket.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: arn + "/*",
            Condition: { StringEqualsIfExists: { "aws:SourceVpc": "vpc-0a1b2c3d4e5f67890" } },
        }],
    })),
});

export const expected = { risky: ["internal-docs-policy"], level: "mandatory", risk: 1 };
