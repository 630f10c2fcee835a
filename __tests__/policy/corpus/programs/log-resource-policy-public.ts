// CloudWatch Logs resource policy lets anyone write log events
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.cloudwatch.LogResourcePolicy("logs-policy", {
  policyName: "open",
  policyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: ["logs:PutLogEvents", "logs:CreateLogStream"], Resource: "*" }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
