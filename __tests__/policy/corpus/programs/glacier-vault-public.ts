// Glacier vault access policy lets anyone read archives
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.glacier.Vault("archive", {
  accessPolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: ["glacier:InitiateJob", "glacier:GetJobOutput"], Resource: "arn:aws:glacier:us-east-1:123456789012:vaults/archive" }],
  }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
