// IAM role trust policy lets any AWS principal assume the role (cdk-nag, AWS docs: confused deputy)
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.Role("deploy", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }) });

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
