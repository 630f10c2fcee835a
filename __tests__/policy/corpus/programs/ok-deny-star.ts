// Deny statements with Principal * (TLS-only and deny-unencrypted-uploads) are guard rails, not grants
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      {
        Sid: "DenyWrongKey",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${b.arn}/*`,
        Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
      },
    ]),
});
requiredAlarms();

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
