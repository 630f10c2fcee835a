// Legitimate (class 9): CloudTrail trail with logging enabled explicitly, multi-region, log file validation.
import * as aws from "@pulumi/aws";

new aws.cloudtrail.Trail("org-trail", {
    s3BucketName: "acme-trail-logs-111111111111",
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    enableLogging: true,
    kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555",
});

export const expected = { safe: ["org-trail"], risk: 9 };
