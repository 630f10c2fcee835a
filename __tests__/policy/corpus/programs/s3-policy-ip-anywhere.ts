// IpAddress aws:SourceIp 0.0.0.0/0 matches every caller
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${b.arn}/*`, Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } } },
    ]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
