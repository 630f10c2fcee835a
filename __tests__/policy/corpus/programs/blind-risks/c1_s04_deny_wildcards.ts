// Legitimate (class 1): bucket policy whose Principal "*" statements are Deny (TLS-only, and deny every account except ours via StringNotEquals); the Allow is same-account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const bucket = new aws.s3.Bucket("guarded-bucket", {});

new aws.s3.BucketPolicy("guarded-bucket-policy", {
    bucket: bucket.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyOtherAccounts",
                Effect: "Deny",
                Principal: "*",
                Action: "*",
                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                Condition: { StringNotEquals: { "aws:PrincipalAccount": "111111111111" } },
            },
            {
                Sid: "AllowAppRole",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111111111111:role/image-processor" },
                Action: ["s3:GetObject", "s3:PutObject"],
                Resource: pulumi.interpolate`${bucket.arn}/uploads/*`,
            },
        ],
    }),
});

export const expected = { safe: ["guarded-bucket-policy"], risk: 1 };
