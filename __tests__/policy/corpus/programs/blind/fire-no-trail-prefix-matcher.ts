// FIRES: eventName given as a prefix matcher {prefix: "Disable"} (matches DisableKey, DisableKeyRotation); no trail.
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
        detail: { eventName: [{ prefix: "Disable" }] },
    }),
});
new aws.cloudwatch.EventTarget("key-state-to-sns", { rule: rule.name, arn: alerts.arn });

export const expected = { policy: "key-alerts-need-trail", level: "mandatory" };
