// UserPolicyAttachmentsExclusive with a *FullAccess policy
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.UserPolicyAttachmentsExclusive("ci-policies", { userName: "ci", policyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] });

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
