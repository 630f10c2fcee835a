// Misconfigured (class 9): KMS key-state alarm that only notifies on OK / INSUFFICIENT_DATA, never on ALARM.
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("kms-ops", {});

new aws.cloudwatch.MetricAlarm("kms-key-state-alarm", {
    namespace: "AWS/KMS",
    metricName: "KeyUnavailable",
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    okActions: [topic.arn],
    insufficientDataActions: [topic.arn],
});

export const expected = { risky: ["kms-key-state-alarm"], level: "advisory", risk: 9 };
