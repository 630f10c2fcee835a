// NotAction in an Allow grants every other action
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.UserPolicy("ops", {
  user: "ops",
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::logs/*" }] }),
});

export const expected: Expectation = { policy: "iam-no-wildcard-actions", level: "mandatory" };
