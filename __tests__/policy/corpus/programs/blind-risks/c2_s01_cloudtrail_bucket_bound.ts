// Legitimate (class 2): CloudTrail bucket policy whose service statements are bound by aws:SourceArn to this account's trail.
import * as aws from "@pulumi/aws";

const trailArn = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main-trail";
const bucket = new aws.s3.Bucket("bound-trail-logs", {});

new aws.s3.BucketPolicy("bound-trail-logs-policy", {
    bucket: bucket.id,
    policy: bucket.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: arn,
                Condition: { StringEquals: { "aws:SourceArn": trailArn } },
            },
            {
                Sid: "Write", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject",
                Resource: `${arn}/AWSLogs/111111111111/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
            },
        ],
    })),
});

export const expected = { safe: ["bound-trail-logs-policy"], risk: 2 };
