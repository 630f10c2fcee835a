// Legitimate (class 9): errors alarm with actionsEnabled true and an SNS alarm action.
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("ops-alerts", {});
new aws.sns.TopicSubscription("ops-alerts-email", { topic: topic.arn, protocol: "email", endpoint: "security@company.com" });

new aws.cloudwatch.MetricAlarm("errors-alarm", {
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: "image-processor" },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 5,
    comparisonOperator: "GreaterThanThreshold",
    actionsEnabled: true,
    alarmActions: [topic.arn],
    okActions: [topic.arn],
});

export const expected = { safe: ["errors-alarm"], risk: 9 };
