/** SecureBucket under mocks: proves the bucket settings and policies requested, not that S3 enforces them. */
import { SecureBucket } from "../../components";
import { childrenOf, ofType, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";
import { dataBucketPolicy, denyInsecureTransport } from "../support/expected-statements";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const SOURCE = "arn:aws:s3:::source-bucket-1234567";
const DELIVERY_ROLE = `arn:aws:iam::${ACCOUNT}:role/config-recorder`;

/** The two audit denies, as components/audit-objects.ts must write them. */
function auditDenies(arn: string, writerRoles?: string[]) {
  return [
    {
      Sid: "DenyAuditWritesExceptDeliveringServices",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObject", "s3:ReplicateObject"],
      Resource: `${arn}/*`,
      Condition: { Bool: { "aws:PrincipalIsAWSService": "false" }, ...(writerRoles ? { ArnNotLike: { "aws:PrincipalArn": writerRoles } } : {}) },
    },
    {
      Sid: "DenyAuditDeletes",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ReplicateDelete", "s3:BypassGovernanceRetention"],
      Resource: `${arn}/*`,
    },
  ];
}

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      const logs = new SecureBucket("logs", {
        mode: "log",
        logWriters: [{ id: "S3ServerAccessLogs", service: "logging.s3.amazonaws.com", keyPrefix: "s3-access/", sourceArns: [SOURCE] }],
      });
      const data = new SecureBucket("data", { kmsKeyArn: KEY, accessLogs: { bucketName: logs.name } });
      const short = new SecureBucket("short", {
        kmsKeyArn: KEY,
        accessLogs: { bucketName: logs.name, keyPrefix: "short/" },
        expirationDays: 7,
        versioning: false,
        forceDestroy: true,
      });
      const audited = new SecureBucket("audited", { kmsKeyArn: KEY, accessLogs: { bucketName: logs.name }, auditObjects: { writerRoleArns: [DELIVERY_ROLE] } });
      return { logs: logs.name, data: data.name, short: short.name, audited: audited.name };
    },
  });
}, 120_000);

const bucket = (name: string) => single(run, "aws:s3/bucket:Bucket", `${name}-bucket`);
const child = (type: string, name: string) => single(run, type, name).inputs;

test("data mode: SSE-KMS with Bucket Keys, all public access blocked, ACLs off, versioned, logged, expiring", () => {
  const id = bucket("data").id;
  expect(bucket("data").inputs).toEqual({ forceDestroy: false });
  expect(child("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-encryption")).toEqual({
    bucket: id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }],
  });
  expect(child("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-public-access")).toEqual({
    bucket: id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  expect(child("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "data-ownership")).toEqual({ bucket: id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  expect(child("aws:s3/bucketVersioning:BucketVersioning", "data-versioning")).toEqual({ bucket: id, versioningConfiguration: { status: "Enabled" } });
  expect(child("aws:s3/bucketLogging:BucketLogging", "data-access-logs")).toEqual({ bucket: id, targetBucket: bucket("logs").id, targetPrefix: "s3-access/data/" });
  expect(child("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "data-lifecycle")).toEqual({
    bucket: id,
    rules: [
      { id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
      { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 7 } },
    ],
  });
});

test("data mode policy: deny non-TLS, deny uploads naming another encryption or key", () => {
  const arn = bucket("data").outputs.arn as string;
  expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "data-policy"))).toEqual(dataBucketPolicy(arn, KEY));
});

test("log mode: SSE-S3, versioned, 365-day expiry, no logging of itself, only the named writer may write and nobody may delete", () => {
  const id = bucket("logs").id;
  const arn = bucket("logs").outputs.arn as string;
  expect(child("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs-encryption")).toEqual({
    bucket: id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });
  expect(child("aws:s3/bucketVersioning:BucketVersioning", "logs-versioning")).toEqual({ bucket: id, versioningConfiguration: { status: "Enabled" } });
  expect(child("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-lifecycle").rules).toEqual([
    { id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: 365 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } },
  ]);
  expect(
    childrenOf(run, single(run, "secure-image-pipeline:storage:SecureBucket", "logs"))
      .map((r) => r.type)
      .sort(),
  ).toEqual([
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
  ]);
  expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "logs-policy"))).toEqual({
    Version: "2012-10-17",
    Statement: [
      denyInsecureTransport([arn, `${arn}/*`], "s3:*"),
      {
        Sid: "AllowS3ServerAccessLogsWrite",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${arn}/s3-access/*`,
        Condition: { ArnLike: { "aws:SourceArn": [SOURCE] }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
      ...auditDenies(arn),
    ],
  });
});

test("data mode with auditObjects: the data-bucket denies, then the audit denies that spare the delivery role", () => {
  const arn = bucket("audited").outputs.arn as string;
  expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "audited-policy"))).toEqual({
    Version: "2012-10-17",
    Statement: [...dataBucketPolicy(arn, KEY).Statement, ...auditDenies(arn, [DELIVERY_ROLE])],
  });
});

test("audit records cannot be unversioned", () => {
  expect(() => new SecureBucket("bad", { mode: "log", versioning: false, logWriters: [{ id: "W", service: "x.amazonaws.com", keyPrefix: "x/", sourceArns: [SOURCE] }] })).toThrow(
    "versioning cannot be turned off for audit records (log mode or auditObjects): an overwrite must stay recoverable",
  );
  expect(() => new SecureBucket("bad2", { kmsKeyArn: KEY, accessLogs: { bucketName: "x" }, auditObjects: {}, versioning: false })).toThrow(
    "versioning cannot be turned off for audit records",
  );
});

test("overrides win: shorter expiry, no versioning (so no noncurrent rule), force destroy, custom log prefix", () => {
  const id = bucket("short").id;
  expect(bucket("short").inputs).toEqual({ forceDestroy: true });
  expect(child("aws:s3/bucketVersioning:BucketVersioning", "short-versioning").versioningConfiguration).toEqual({ status: "Disabled" });
  expect(child("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "short-lifecycle")).toEqual({
    bucket: id,
    rules: [{ id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: 7 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
  });
  expect(child("aws:s3/bucketLogging:BucketLogging", "short-access-logs").targetPrefix).toBe("short/");
});

test("several buckets in one stack: every child is named from its component and parented to it", () => {
  for (const component of ofType(run, "secure-image-pipeline:storage:SecureBucket")) {
    const children = childrenOf(run, component);
    expect(children.length).toBeGreaterThanOrEqual(7);
    for (const c of children) expect(c.name.startsWith(`${component.name}-`)).toBe(true);
  }
  expect(new Set(ofType(run, "aws:s3/bucket:Bucket").map((b) => b.id)).size).toBe(4);
});

test("data mode without a key or a log target, or with log writers, fails with every problem listed", () => {
  expect(() => new SecureBucket("bad", { logWriters: [] })).toThrow(
    "SecureBucket: invalid arguments:\n" +
      "- kmsKeyArn is required in data mode (SSE-KMS with a customer-managed key)\n" +
      "- accessLogs is required in data mode (server access logs, security policy 3.4)\n" +
      "- logWriters is only for log mode",
  );
});

test("log mode with a KMS key, a log target or no writers fails with every problem listed", () => {
  expect(() => new SecureBucket("bad", { mode: "log", kmsKeyArn: KEY, accessLogs: { bucketName: "x" }, expirationDays: 0 })).toThrow(
    "SecureBucket: invalid arguments:\n" +
      "- expirationDays must be a whole number from 1 to 36500, got 0\n" +
      "- kmsKeyArn is not allowed in log mode: S3 server access logs cannot be delivered to SSE-KMS buckets\n" +
      "- accessLogs is not allowed in log mode: a log bucket does not log into itself\n" +
      "- logWriters must list at least one writer in log mode",
  );
  expect(
    () => new SecureBucket("bad", { mode: "log", logWriters: [{ id: "Both", service: "x.amazonaws.com", keyPrefix: "x/", sourceArns: [SOURCE], sourceAccountOnly: true }] }),
  ).toThrow('SecureBucket: invalid arguments:\n- logWriters "Both" must name either its sourceArns or sourceAccountOnly: true, not both (confused-deputy protection)');
  expect(() => new SecureBucket("bad", { mode: "log", logWriters: [{ id: "Bad-Id", service: "x.amazonaws.com", keyPrefix: "nope", sourceArns: [] }] })).toThrow(
    'SecureBucket: invalid arguments:\n- logWriters id "Bad-Id" must be alphanumeric\n- logWriters "Bad-Id" keyPrefix must end in "/", got "nope"\n- logWriters "Bad-Id" must name either its sourceArns or sourceAccountOnly: true, not both (confused-deputy protection)',
  );
});
