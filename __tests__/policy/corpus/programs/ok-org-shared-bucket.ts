// Principal * with aws:PrincipalOrgID (organisation-wide read)
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("shared", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${b.arn}/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } } },
    ]),
});
requiredAlarms();

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
