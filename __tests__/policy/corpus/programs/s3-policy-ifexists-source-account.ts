// StringEqualsIfExists aws:SourceAccount passes when the key is absent (anonymous callers send none)
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      { Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${b.arn}/*`, Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } } },
    ]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
