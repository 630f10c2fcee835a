// CLEAN (not applicable): rules watch EC2 and IAM API calls via CloudTrail and GuardDuty findings; no KMS rule, no trail.
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
        detail: { eventName: ["StopInstances", "TerminateInstances"] },
    }),
});
new aws.cloudwatch.EventTarget("ec2-to-sns", { rule: ec2Rule.name, arn: alerts.arn });
const iamRule = new aws.cloudwatch.EventRule("iam-disable", {
    eventPattern: JSON.stringify({
        source: ["aws.iam"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventName: [{ prefix: "Disable" }, "DeleteAccessKey"] },
    }),
});
new aws.cloudwatch.EventTarget("iam-to-sns", { rule: iamRule.name, arn: alerts.arn });
const gdRule = new aws.cloudwatch.EventRule("guardduty", {
    eventPattern: JSON.stringify({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"] }),
});
new aws.cloudwatch.EventTarget("gd-to-sns", { rule: gdRule.name, arn: alerts.arn });

export const expected = { clean: "key-alerts-need-trail" };
