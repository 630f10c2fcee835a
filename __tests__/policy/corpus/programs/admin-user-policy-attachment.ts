// CIS AWS 1.15/1.16: PowerUserAccess attached to a user
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const u = new aws.iam.User("ci", {});
new aws.iam.UserPolicyAttachment("ci-power", { user: u.name, policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" });

export const expected: Expectation = { policy: "iam-no-admin-managed-policies", level: "mandatory" };
