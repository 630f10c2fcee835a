// StringNotEquals aws:PrincipalAccount lets every other account in
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      {
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: pulumi.interpolate`${b.arn}/*`,
        Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } },
      },
    ]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
