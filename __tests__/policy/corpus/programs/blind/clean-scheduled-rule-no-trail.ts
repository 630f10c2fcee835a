// CLEAN (not applicable): only a scheduled rule (no event pattern) and no trail.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("app-key", {
    description: "application data key",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
});
const alerts = new aws.sns.Topic("key-alerts");

const nightly = new aws.cloudwatch.EventRule("nightly", { scheduleExpression: "rate(1 day)" });
new aws.cloudwatch.EventTarget("nightly-to-sns", { rule: nightly.name, arn: alerts.arn });

export const expected = { clean: "key-alerts-need-trail" };
