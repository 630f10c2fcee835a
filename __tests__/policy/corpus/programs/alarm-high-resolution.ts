// High-resolution alarm (10 s period) is billed outside the free tier
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.cloudwatch.MetricAlarm("fast", {
  namespace: "App",
  metricName: "Latency",
  comparisonOperator: "GreaterThanThreshold",
  evaluationPeriods: 1,
  period: 10,
  statistic: "Average",
  threshold: 1,
});

export const expected: Expectation = { policy: "cloudwatch-alarm-count", level: "advisory" };
