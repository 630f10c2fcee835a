// Composite alarms counted in the free-tier alarm budget
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

for (let i = 0; i < 9; i++)
  new aws.cloudwatch.MetricAlarm(`a${i}`, {
    namespace: "App",
    metricName: `M${i}`,
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    period: 300,
    statistic: "Sum",
    threshold: 1,
  });
new aws.cloudwatch.CompositeAlarm("c1", { alarmName: "c1", alarmRule: "ALARM(a0) OR ALARM(a1)" });
new aws.cloudwatch.CompositeAlarm("c2", { alarmName: "c2", alarmRule: "ALARM(a2) OR ALARM(a3)" });

export const expected: Expectation = { policy: "cloudwatch-alarm-count", level: "mandatory" };
