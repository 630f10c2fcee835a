// Misconfigured (class 9): Lambda-errors alarm with an SNS action but actionsEnabled: false — it notifies nobody.
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("security-alerts", {});

new aws.cloudwatch.MetricAlarm("lambda-errors-alarm", {
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: "image-processor" },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 5,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [topic.arn],
    actionsEnabled: false,
});

export const expected = { risky: ["lambda-errors-alarm"], level: "advisory", risk: 9 };
