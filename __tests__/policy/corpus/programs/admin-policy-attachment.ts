// aws.iam.PolicyAttachment of AdministratorAccess to roles, users and groups
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.PolicyAttachment("everyone-admin", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess", roles: ["ops"], users: ["ci"] });

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
