// CLEAN (not applicable): source aws.kms but only KMS's own direct events (KMS CMK Rotation, KMS CMK Deletion), not CloudTrail API calls; no trail needed.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("app-key", {
    description: "application data key",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
});
const alerts = new aws.sns.Topic("key-alerts");

const rule = new aws.cloudwatch.EventRule("kms-native", {
    description: "alert on KMS key state changes",
    eventPattern: JSON.stringify({
        source: ["aws.kms"],
        "detail-type": ["KMS CMK Rotation", "KMS CMK Deletion", "KMS Imported Key Material Expiration"],
    }),
});
new aws.cloudwatch.EventTarget("kms-native-to-sns", { rule: rule.name, arn: alerts.arn });

export const expected = { clean: "key-alerts-need-trail" };
