// SES identity policy lets anyone send as the identity
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ses.IdentityPolicy("send", {
  identity: "example.com",
  name: "anyone",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "ses:SendEmail", Resource: "arn:aws:ses:us-east-1:123456789012:identity/example.com" }],
  }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
