// FIRES: advanced Management selector with eventSource notEquals kms.amazonaws.com (KMS management events excluded).
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
    advancedEventSelectors: [{
        name: "mgmt-without-kms",
        fieldSelectors: [
            { field: "eventCategory", equals: ["Management"] },
            { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
        ],
    }],
});

export const expected = { policy: "key-alerts-need-trail", level: "mandatory" };
