// Misconfigured (class 1): bucket policy Principal "*" restricted to aws:SourceVpce "vpce-*" — any VPC endpoint in any account matches.
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("artifacts-bucket", {});

new aws.s3.BucketPolicy("artifacts-bucket-policy", {
    bucket: bucket.id,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            effect: "Allow",
            principals: [{ type: "AWS", identifiers: ["*"] }],
            actions: ["s3:GetObject", "s3:ListBucket"],
            resources: [bucket.arn, bucket.arn.apply(a => `${a}/*`)],
            conditions: [{ test: "StringLike", variable: "aws:SourceVpce", values: ["vpce-*"] }],
        }],
    }).json,
});

export const expected = { risky: ["artifacts-bucket-policy"], level: "mandatory", risk: 1 };
