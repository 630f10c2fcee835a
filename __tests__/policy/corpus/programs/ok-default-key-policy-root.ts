// AWS KMS default key policy: account root with kms:* (delegates to IAM)
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Expectation, key, requiredAlarms } from "../support";

key(
  "data-key",
  pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
  }),
);
requiredAlarms();

export const expected: Expectation = { clean: "kms-key-policy-least-privilege" };
