// Misconfigured (class 9): throttles alarm with no alarmActions at all (and an empty okActions list).
import * as aws from "@pulumi/aws";

new aws.cloudwatch.MetricAlarm("lambda-throttles-alarm", {
    namespace: "AWS/Lambda",
    metricName: "Throttles",
    dimensions: { FunctionName: "image-processor" },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    okActions: [],
});

export const expected = { risky: ["lambda-throttles-alarm"], level: "advisory", risk: 9 };
