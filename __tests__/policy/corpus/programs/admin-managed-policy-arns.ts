// Role managedPolicyArns with AdministratorAccess
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.Role("ops", {
  managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
