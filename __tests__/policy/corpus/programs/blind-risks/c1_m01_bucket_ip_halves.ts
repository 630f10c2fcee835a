// Misconfigured (class 1): bucket policy Principal "*" limited by aws:SourceIp 0.0.0.0/1 + 128.0.0.0/1 — the two halves are the whole IPv4 internet.
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("reports-bucket", {});

new aws.s3.BucketPolicy("reports-bucket-policy", {
    bucket: bucket.id,
    policy: bucket.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Sid: "OfficeOnly",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${arn}/*`,
            Condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"] } },
        }],
    })),
});

export const expected = { risky: ["reports-bucket-policy"], level: "mandatory", risk: 1 };
