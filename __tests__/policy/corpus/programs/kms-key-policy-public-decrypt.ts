// cdk-nag / AWS KMS docs: key policy lets anyone decrypt
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Expectation, key, requiredAlarms } from "../support";

key(
  "data-key",
  pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Root", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
    ],
  }),
);
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
