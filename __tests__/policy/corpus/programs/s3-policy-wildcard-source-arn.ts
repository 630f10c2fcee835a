// ArnLike aws:SourceArn with value * matches every caller
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${b.arn}/*`, Condition: { ArnLike: { "aws:SourceArn": "*" } } }]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
