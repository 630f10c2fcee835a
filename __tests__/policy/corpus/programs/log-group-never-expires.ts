// CIS / checkov CKV_AWS_66: log group retention never expires
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.cloudwatch.LogGroup("app", {});

export const expected: Expectation = { policy: "cloudwatch-log-retention", level: "mandatory" };
