// FIRES: two rules, an EC2 one and a KMS key-state one (DisableKeyRotation only); no trail.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("app-key", {
    description: "application data key",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
});
const alerts = new aws.sns.Topic("key-alerts");

const ec2Rule = new aws.cloudwatch.EventRule("ec2-stop", {
    eventPattern: JSON.stringify({
        source: ["aws.ec2"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventName: ["StopInstances"] },
    }),
});
new aws.cloudwatch.EventTarget("ec2-stop-to-sns", { rule: ec2Rule.name, arn: alerts.arn });

const rule = new aws.cloudwatch.EventRule("rotation-off", {
    description: "alert on KMS key state changes",
    eventPattern: JSON.stringify({
        "detail-type": ["AWS API Call via CloudTrail"],
        source: ["aws.kms"],
        detail: { eventSource: ["kms.amazonaws.com"], eventName: ["DisableKeyRotation"] },
    }),
});
new aws.cloudwatch.EventTarget("rotation-off-to-sns", { rule: rule.name, arn: alerts.arn });

export const expected = { policy: "key-alerts-need-trail", level: "mandatory" };
