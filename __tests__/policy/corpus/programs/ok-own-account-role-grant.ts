// A bucket policy grants a role of the stack's own account (its ARNs name the same account)
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      {
        Sid: "ReaderRole",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:role/reader` },
        Action: "s3:GetObject",
        Resource: pulumi.interpolate`${b.arn}/*`,
      },
    ]),
});
requiredAlarms();

export const expected: Expectation = { clean: "resource-policy-cross-account" };
