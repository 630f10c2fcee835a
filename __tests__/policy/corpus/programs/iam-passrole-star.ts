// cdk-nag AwsSolutions-IAM5: iam:PassRole on *
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.RolePolicy("deployer", {
  role: "deployer",
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] }),
});

export const expected: Expectation = { policy: "iam-no-wildcard-resources", level: "mandatory" };
