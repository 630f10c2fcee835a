// Log group retention beyond the 365-day range
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.cloudwatch.LogGroup("app", { retentionInDays: 3653 });

export const expected: Expectation = { policy: "cloudwatch-log-retention", level: "mandatory" };
