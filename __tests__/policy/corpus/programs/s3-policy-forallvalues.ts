// ForAllValues passes for an empty key set (AWS IAM docs, multivalued condition keys)
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
        Condition: { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } },
      },
    ]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
