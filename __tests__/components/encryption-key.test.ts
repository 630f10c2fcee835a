/** EncryptionKey under mocks: proves the key and key policy the program asks KMS for, not that KMS accepts them. */
import { EncryptionKey } from "../../components";
import { KEY_ADMIN_ACTIONS } from "../../components/encryption-key";
import { ofType, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/processor-dev-role`;
const UPLOADER = `arn:aws:iam::${ACCOUNT}:role/uploader-dev`;

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
      const clients = new EncryptionKey("clients", {
        topicPublisherServices: [],
        allowCloudWatchLogs: false,
        allowCloudTrail: false,
        allowLambdaEnvironments: true,
        viaServiceUsers: [{ id: "Uploaders", principalArns: [UPLOADER], actions: ["kms:GenerateDataKey", "kms:Decrypt"], viaServices: ["s3"] }],
      });
      return { main: main.arn, lean: lean.arn, clients: clients.arn };
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

test("administration is spelled out: no wildcard, no grant, no data-key action", () => {
  expect(KEY_ADMIN_ACTIONS.filter((a) => a.includes("*") || /CreateGrant|crypt|GenerateDataKey|ReEncrypt/.test(a))).toEqual([]);
  expect(KEY_ADMIN_ACTIONS).toEqual(expect.arrayContaining(["kms:PutKeyPolicy", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DescribeKey"]));
});

test("via-service users and Lambda environments: each statement confined to the service, the caller's account and (for users) the named roles", () => {
  expect(policyOf(single(run, "aws:kms/key:Key", "clients-key")).Statement).toEqual([
    { Sid: "AllowAccountAdministration", Effect: "Allow", Principal: { AWS: ROOT }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
    {
      Sid: "AllowLambdaEnvironmentEncryption",
      Effect: "Allow",
      Principal: { AWS: ROOT },
      Action: "kms:Encrypt",
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "lambda.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } },
    },
    {
      Sid: "AllowLambdaGrants",
      Effect: "Allow",
      Principal: { AWS: ROOT },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "lambda.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT }, Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
    {
      Sid: "AllowUploadersViaServices",
      Effect: "Allow",
      Principal: { AWS: ROOT },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": [UPLOADER] }, StringEquals: { "kms:ViaService": ["s3.us-east-1.amazonaws.com"], "kms:CallerAccount": ACCOUNT } },
    },
  ]);
  expect(() => new EncryptionKey("bad-user", { viaServiceUsers: [{ id: "no good", principalArns: [UPLOADER], actions: [], viaServices: ["s3"] }] })).toThrow(
    'EncryptionKey: invalid arguments:\n- viaServiceUsers id "no good" must be alphanumeric\n- viaServiceUsers "no good" must name its actions and at least one service',
  );
});

test("three keys in one stack have distinct children and aliases", () => {
  expect(ofType(run, "aws:kms/key:Key").map((k) => k.parent)).toEqual([
    single(run, "secure-image-pipeline:security:EncryptionKey", "main").urn,
    single(run, "secure-image-pipeline:security:EncryptionKey", "lean").urn,
    single(run, "secure-image-pipeline:security:EncryptionKey", "clients").urn,
  ]);
  expect(ofType(run, "aws:kms/alias:Alias").map((a) => a.inputs.name)).toEqual(["alias/main", "alias/team/lean", "alias/clients"]);
});

test("a short deletion window and disabled rotation are reported together", () => {
  expect(() => new EncryptionKey("bad", { deletionWindowInDays: 3, enableKeyRotation: false })).toThrow(
    "EncryptionKey: invalid arguments:\n- deletionWindowInDays must be a whole number from 7 to 30, got 3\n- enableKeyRotation must stay true: the security policy requires yearly rotation",
  );
});
