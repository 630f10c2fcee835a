/** EncryptionKey under mocks: proves the key and key policy the program asks KMS for, not that KMS accepts them. */
import { EncryptionKey, KEY_ADMIN_ACTIONS } from "../../components";
import { ofType, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/processor-dev-role`;

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      const main = new EncryptionKey("main");
      const lean = new EncryptionKey("lean", {
        description: "lean key",
        aliasName: "team/lean",
        deletionWindowInDays: 7,
        dataKeyUserArns: [ROLE],
        topicPublisherServices: [],
        allowCloudWatchLogs: false,
        allowCloudTrail: false,
      });
      return { main: main.arn, lean: lean.arn };
    },
  });
}, 120_000);

test("defaults: rotation on, 30-day window, alias from the name, and a key policy for the account's log and alert services", () => {
  const key = single(run, "aws:kms/key:Key", "main-key");
  expect(key.inputs).toMatchObject({
    description: "main customer-managed key",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    keyUsage: "ENCRYPT_DECRYPT",
    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
  });
  expect(policyOf(key).Statement.map((s) => s.Sid)).toEqual([
    "AllowAccountAdministration",
    "AllowServicesToPublishToEncryptedTopics",
    "AllowCloudWatchLogsEncryption",
    "AllowCloudTrailEncryption",
    "AllowCloudTrailDescribeKey",
  ]);
  expect(single(run, "aws:kms/alias:Alias", "main-alias").inputs).toEqual({ name: "alias/main", targetKeyId: key.outputs.keyId });
});

test("overrides win: only administration and the named role's data-key use remain", () => {
  const key = single(run, "aws:kms/key:Key", "lean-key");
  expect(key.inputs).toMatchObject({ description: "lean key", deletionWindowInDays: 7, enableKeyRotation: true });
  expect(policyOf(key)).toEqual({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AllowAccountAdministration", Effect: "Allow", Principal: { AWS: ROOT }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
      {
        Sid: "AllowDataKeyUseByRoles",
        Effect: "Allow",
        Principal: { AWS: ROOT },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": [ROLE] } },
      },
    ],
  });
  expect(single(run, "aws:kms/alias:Alias", "lean-alias").inputs.name).toBe("alias/team/lean");
});

test("two keys in one stack have distinct children and aliases", () => {
  expect(ofType(run, "aws:kms/key:Key").map((k) => k.parent)).toEqual([
    single(run, "secure-image-pipeline:security:EncryptionKey", "main").urn,
    single(run, "secure-image-pipeline:security:EncryptionKey", "lean").urn,
  ]);
  expect(ofType(run, "aws:kms/alias:Alias").map((a) => a.inputs.name)).toEqual(["alias/main", "alias/team/lean"]);
});

test("a short deletion window and disabled rotation are reported together", () => {
  expect(() => new EncryptionKey("bad", { deletionWindowInDays: 3, enableKeyRotation: false })).toThrow(
    "EncryptionKey: invalid arguments:\n- deletionWindowInDays must be a whole number from 7 to 30, got 3\n- enableKeyRotation must stay true: the security policy requires yearly rotation",
  );
});
