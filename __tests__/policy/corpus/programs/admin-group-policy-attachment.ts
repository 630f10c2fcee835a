// IAMFullAccess attached to a group
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const g = new aws.iam.Group("admins", {});
new aws.iam.GroupPolicyAttachment("admins-iam", { group: g.name, policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" });

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
