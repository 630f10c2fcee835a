// CLEAN: trail event selector includeManagementEvents: true, readWriteType WriteOnly (enough for DisableKey etc.).
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
    eventPattern: JSON.stringify({
        source: ["aws.kms"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: {
            eventSource: ["kms.amazonaws.com"],
            eventName: ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "DisableKeyRotation"],
        },
    }),
});
new aws.cloudwatch.EventTarget("key-state-to-sns", { rule: rule.name, arn: alerts.arn });

const trailBucket = new aws.s3.Bucket("trail-logs", { forceDestroy: true });

new aws.cloudtrail.Trail("audit", {
    s3BucketName: trailBucket.id,
    eventSelectors: [{ readWriteType: "WriteOnly", includeManagementEvents: true }],
});

export const expected = { clean: "key-alerts-need-trail" };
