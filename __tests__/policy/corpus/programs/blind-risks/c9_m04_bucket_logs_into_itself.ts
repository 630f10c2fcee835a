// Misconfigured (class 9): S3 bucket whose server access logs are delivered into the same bucket (log loop, logs deletable with the data).
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("uploads-bucket", {});

new aws.s3.BucketLogging("uploads-bucket-logging", {
    bucket: bucket.id,
    targetBucket: bucket.id,
    targetPrefix: "access-logs/",
});

export const expected = { risky: ["uploads-bucket-logging"], level: "advisory", risk: 9 };
