// cdk-nag / AWS KMS best practices: kms:* for a non-root role in a key policy
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Expectation, key, requiredAlarms } from "../support";

key(
  "data-key",
  pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Root", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "App", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:role/app` }, Action: "kms:*", Resource: "*" },
    ],
  }),
);
requiredAlarms();

export const expected: Expectation = { policy: "kms-key-policy-least-privilege", level: "mandatory" };
