// kms:Decrypt on every key of the account (key/*)
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.UserPolicy("ops", {
  user: "ops",
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:123456789012:key/*" }] }),
});

export const expected: Expectation = { policy: "iam-no-wildcard-resources", level: "mandatory" };
