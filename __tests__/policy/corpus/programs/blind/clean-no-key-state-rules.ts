// CLEAN (not applicable): KMS key and SNS topic but no EventBridge rules and no trail.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("app-key", {
    description: "application data key",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
});
const alerts = new aws.sns.Topic("key-alerts");

export const keyArn = key.arn;
export const topicArn = alerts.arn;

export const expected = { clean: "key-alerts-need-trail" };
