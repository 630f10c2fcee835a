// RolePolicyAttachmentsExclusive with AdministratorAccess
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const r = new aws.iam.Role("ops", {
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
new aws.iam.RolePolicyAttachmentsExclusive("ops-policies", { roleName: r.name, policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] });

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
