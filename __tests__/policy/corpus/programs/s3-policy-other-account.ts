// A bucket policy lets another account's root read every object
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", {
  policy: (b) =>
    tlsOnlyPolicy(b, [
      { Sid: "PartnerRead", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "s3:GetObject", Resource: pulumi.interpolate`${b.arn}/*` },
    ]),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-cross-account", level: "advisory" };
