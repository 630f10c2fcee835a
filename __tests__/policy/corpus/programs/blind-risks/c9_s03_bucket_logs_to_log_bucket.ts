// Legitimate (class 9): data bucket delivers access logs to a separate log bucket.
import * as aws from "@pulumi/aws";

const logs = new aws.s3.Bucket("access-logs", {});
const data = new aws.s3.Bucket("data-bucket", {});

new aws.s3.BucketLogging("data-bucket-logging", { bucket: data.id, targetBucket: logs.id, targetPrefix: "data-bucket/" });

export const expected = { safe: ["data-bucket-logging"], risk: 9 };
