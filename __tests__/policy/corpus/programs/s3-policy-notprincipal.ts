// NotPrincipal with Allow grants everyone but the listed principal (AWS IAM docs, NotPrincipal)
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      { Effect: "Allow", NotPrincipal: { AWS: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:role/admin` }, Action: "s3:GetObject", Resource: pulumi.interpolate`${b.arn}/*` },
    ]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
