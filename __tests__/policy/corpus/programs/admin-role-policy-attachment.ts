// CIS AWS 1.16: AdministratorAccess attached to a role
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const r = new aws.iam.Role("ops", {
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
new aws.iam.RolePolicyAttachment("ops-admin", { role: r.name, policyArn: aws.iam.ManagedPolicy.AdministratorAccess });

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
