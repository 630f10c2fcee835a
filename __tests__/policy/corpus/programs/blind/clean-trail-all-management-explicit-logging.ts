// CLEAN: trail with enableLogging: true, readWriteType All, management plus S3 data events.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("app-key", {
    description: "application data key",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
});
const alerts = new aws.sns.Topic("key-alerts");

const rule = new aws.cloudwatch.EventRule("key-state", {
    description: "alert on KMS key state changes",
    eventPattern: pulumi.jsonStringify({
        source: ["aws.kms"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventName: ["DisableKey", "ScheduleKeyDeletion"], requestParameters: { keyId: [key.arn] } },
    }),
});
new aws.cloudwatch.EventTarget("key-state-to-sns", { rule: rule.name, arn: alerts.arn });

const trailBucket = new aws.s3.Bucket("trail-logs", { forceDestroy: true });

new aws.cloudtrail.Trail("audit", {
    s3BucketName: trailBucket.id,
    enableLogging: true,
    eventSelectors: [{
        readWriteType: "All",
        includeManagementEvents: true,
        dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
    }],
});

export const expected = { clean: "key-alerts-need-trail" };
