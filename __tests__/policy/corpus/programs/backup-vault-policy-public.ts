// Backup vault policy lets anyone copy recovery points
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation, key } from "../support";

const v = new aws.backup.Vault("vault", { kmsKeyArn: key("vault-key").arn });
new aws.backup.VaultPolicy("vault-policy", {
  backupVaultName: v.name,
  policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "backup:CopyIntoBackupVault", Resource: "*" }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
