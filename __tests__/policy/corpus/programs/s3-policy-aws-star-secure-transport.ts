// Public grant 'protected' by aws:SecureTransport, which restricts how, not who
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: pulumi.interpolate`${b.arn}/*`,
        Condition: { Bool: { "aws:SecureTransport": "true" } },
      },
    ]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
