// FIRES: pulumi.jsonStringify pattern that embeds the key ARN (unknown until the key exists, known at update time); no trail.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("app-key", {
    description: "application data key",
    enableKeyRotation: true,
});
const alerts = new aws.sns.Topic("key-alerts");

const rule = new aws.cloudwatch.EventRule("this-key-state", {
    description: "alert when this key is disabled or scheduled for deletion",
    eventPattern: pulumi.jsonStringify({
        source: ["aws.kms"],
        "detail-type": ["AWS API Call via CloudTrail"],
        resources: [key.arn],
        detail: {
            eventName: ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy"],
            requestParameters: { keyId: [key.arn, key.keyId] },
        },
    }),
});
new aws.cloudwatch.EventTarget("this-key-state-to-sns", { rule: rule.name, arn: alerts.arn });

export const expected = { policy: "key-alerts-need-trail", level: "mandatory" };
