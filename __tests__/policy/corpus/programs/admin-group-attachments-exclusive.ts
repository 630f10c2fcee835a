// GroupPolicyAttachmentsExclusive with job-function SystemAdministrator... AdministratorAccess path
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.GroupPolicyAttachmentsExclusive("admins-policies", { groupName: "admins", policyArns: ["arn:aws:iam::aws:policy/job-function/AdministratorAccess-Amplify"] });

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
