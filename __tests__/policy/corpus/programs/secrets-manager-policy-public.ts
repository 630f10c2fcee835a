// Secrets Manager resource policy lets anyone read the secret
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation, key } from "../support";

const s = new aws.secretsmanager.Secret("db", { kmsKeyId: key("db-key").arn });
new aws.secretsmanager.SecretPolicy("db-policy", {
  secretArn: s.arn,
  policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "secretsmanager:GetSecretValue", Resource: "*" }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
