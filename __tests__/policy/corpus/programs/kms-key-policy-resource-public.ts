// aws.kms.KeyPolicy resource with a public statement
import * as aws from "@pulumi/aws";
import { Expectation, key, requiredAlarms } from "../support";

const k = key("data-key");
new aws.kms.KeyPolicy("data-key-policy", {
  keyId: k.id,
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: "*" }] }),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
