// Legitimate (class 1): bucket policy Principal "*" limited by aws:SourceIp to two small private ranges (S3 treats a fixed-CIDR SourceIp limit as non-public).
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("lan-share", {});

new aws.s3.BucketPolicy("lan-share-policy", {
    bucket: bucket.id,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            effect: "Allow",
            principals: [{ type: "*", identifiers: ["*"] }],
            actions: ["s3:GetObject"],
            resources: [bucket.arn.apply(a => `${a}/shared/*`)],
            conditions: [{ test: "IpAddress", variable: "aws:SourceIp", values: ["10.20.0.0/24", "172.16.5.0/28"] }],
        }],
    }).json,
});

export const expected = { safe: ["lan-share-policy"], risk: 1 };
