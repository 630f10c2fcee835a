// checkov CKV_AWS_62/CKV_AWS_1: customer policy Action * on Resource *
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.Policy("admin", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });

export const expected: Expectation = { policy: "iam-no-wildcard-actions", level: "mandatory" };
