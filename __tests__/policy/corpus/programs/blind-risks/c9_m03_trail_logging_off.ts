// Misconfigured (class 9): CloudTrail trail defined but enableLogging: false — no audit events are recorded.
import * as aws from "@pulumi/aws";

new aws.cloudtrail.Trail("main-trail", {
    s3BucketName: "acme-trail-logs-111111111111",
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    enableLogging: false,
});

export const expected = { risky: ["main-trail"], level: "mandatory", risk: 9 };
