// Resource ...:table/* of any account and region
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.Policy("writer", {
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem"], Resource: "arn:aws:dynamodb:*:*:table/*" }] }),
});

export const expected: Expectation = { policy: "iam-no-wildcard-resources", level: "mandatory" };
