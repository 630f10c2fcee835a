// Resource with a wildcard account segment
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.Policy("sender", {
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:*:jobs" }] }),
});

export const expected: Expectation = { policy: "iam-no-wildcard-resources", level: "mandatory" };
