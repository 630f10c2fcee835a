// Misconfigured (class 2): CloudTrail log bucket policy grants cloudtrail.amazonaws.com PutObject with no aws:SourceArn / aws:SourceAccount — any account's trail can write here.
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("trail-logs", {});

new aws.s3.BucketPolicy("trail-logs-policy", {
    bucket: bucket.id,
    policy: bucket.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "AclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: arn },
            {
                Sid: "Write", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject",
                Resource: `${arn}/AWSLogs/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
        ],
    })),
});

export const expected = { risky: ["trail-logs-policy"], level: "mandatory", risk: 2 };
