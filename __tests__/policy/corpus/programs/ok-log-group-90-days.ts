// Security policy: 30-365 day retention; 90 days is inside the range
import * as aws from "@pulumi/aws";
import { Expectation, key, requiredAlarms } from "../support";

new aws.cloudwatch.LogGroup("app", { retentionInDays: 90, kmsKeyId: key("logs-key").arn });
requiredAlarms();

export const expected: Expectation = { clean: "cloudwatch-log-retention" };
