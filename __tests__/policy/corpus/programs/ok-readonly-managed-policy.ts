// AWS-managed read-only policy (not admin) attached through RolePolicyAttachmentsExclusive
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const r = new aws.iam.Role("auditor", {
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
new aws.iam.RolePolicyAttachmentsExclusive("auditor-policies", { roleName: r.name, policyArns: ["arn:aws:iam::aws:policy/SecurityAudit"] });

export const expected: Expectation = { clean: "iam-no-admin-managed-policies" };
