// CIS AWS 2.1 / checkov CKV_AWS_70: bucket policy allows s3:GetObject to Principal *
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("site", { policy: (b) => tlsOnlyPolicy(b, [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${b.arn}/*` }]) });
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
