import {
  s3BucketSseKmsCmk,
  s3BucketKeyEnabled,
  checkBucketEncryption,
  dynamoDbSseEnabled,
  dynamoDbPointInTimeRecovery,
  snsTopicCmk,
  lambdaEnvironmentCmk,
  kmsKeyRotationAndDeletionWindow,
  cloudTrailEncryptedValidated,
  isAwsManagedKey,
} from "../../policy-pack/policies/encryption";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { bucketPair, KEY_ARN, replace, res, secureBucket, T, verdicts } from "./fixtures";

const sseOf = (algorithm: string, key?: string) => ({
  bucket: "uploads-a1b2c3",
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, ...(key ? { kmsMasterKeyId: key } : {}) }, bucketKeyEnabled: true }],
});

describe("s3-bucket-sse-kms-cmk (stack policy over buckets joined to their encryption resources)", () => {
  const policy = [s3BucketSseKmsCmk];

  it("passes a KMS data bucket and an AES256 access-log target", async () => {
    expect(await verdicts(policy, bucketPair())).toEqual([]);
  });

  it("fails a bucket without an encryption resource, naming the bucket", async () => {
    const stack = secureBucket("uploads").filter((r) => r.type !== T.sse);
    const [bucket] = stack;
    expect(await verdicts(policy, stack)).toEqual([
      {
        policyName: "s3-bucket-sse-kms-cmk",
        enforcementLevel: "mandatory",
        urn: bucket.urn,
        message: `${s3BucketSseKmsCmk.description}\nS3 bucket "uploads" has no server-side encryption configuration: add an aws.s3.BucketServerSideEncryptionConfiguration for it with sseAlgorithm "aws:kms" and kmsMasterKeyId set to a customer-managed key.`,
      },
    ]);
  });

  it("fails AES256 on a data bucket (only access-log targets may use it)", async () => {
    const stack = replace(bucketPair(), "uploads-encryption", sseOf("AES256"));
    const found = await verdicts(policy, stack);
    expect(found.map((v) => [v.urn, v.message.split("\n")[1]])).toEqual([
      [
        stack[0].urn,
        `S3 bucket "uploads" uses sseAlgorithm "AES256": add an aws.s3.BucketServerSideEncryptionConfiguration for it with sseAlgorithm "aws:kms" and kmsMasterKeyId set to a customer-managed key (only an access-log target bucket may use AES256).`,
      ],
    ]);
  });

  it("fails AES256 on a log-mode bucket nobody logs into", async () => {
    const stack = secureBucket("access-logs", "log");
    expect((await verdicts(policy, stack)).map((v) => v.urn)).toEqual([stack[0].urn]);
  });

  it.each([
    ["aws:kms", undefined],
    ["aws:kms", "alias/aws/s3"],
    ["aws:kms", "arn:aws:kms:us-east-1:123456789012:alias/aws/s3"],
  ])("fails %s with key %s (AWS-managed)", async (algorithm, key) => {
    const stack = replace(secureBucket("uploads"), "uploads-encryption", sseOf(algorithm, key));
    const [found] = await verdicts(policy, stack);
    expect(found.message).toContain(`S3 bucket "uploads" uses SSE-KMS with the AWS-managed key: set kmsMasterKeyId to a customer-managed KMS key`);
    expect(found.enforcementLevel).toBe("mandatory");
  });

  it("accepts DSSE-KMS with a CMK and an inline encryption block", () => {
    const stack = replace(secureBucket("uploads"), "uploads-encryption", sseOf("aws:kms:dsse", KEY_ARN));
    expect(checkBucketEncryption(stack[0], stack)).toEqual([]);
    const inline = {
      ...stack[0],
      props: { ...stack[0].props, serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } } } },
    };
    expect(checkBucketEncryption(inline, [inline])).toEqual([]);
  });

  it("joins by bucket name when there is no property dependency", async () => {
    const stack = secureBucket("uploads").map((r) => ({ ...r, propertyDependencies: {} }));
    expect(await verdicts(policy, stack)).toEqual([]);
  });

  it("during preview: an encryption resource whose bucket is unknown gives the advisory, not a pass or a failure", async () => {
    const stack = secureBucket("uploads").map((r) => (r.type === T.sse ? { ...r, props: { ...r.props, bucket: UNKNOWN }, propertyDependencies: {} } : r));
    expect(await verdicts(policy, stack)).toEqual([
      {
        policyName: "s3-bucket-sse-kms-cmk",
        enforcementLevel: "advisory",
        urn: stack[0].urn,
        message: `cannot check during preview: bucket "uploads" has encryption configurations whose bucket is not yet known`,
      },
    ]);
  });

  it("during preview: a KMS key id that is still unknown is a key of this stack (a CMK) and passes", async () => {
    const stack = replace(secureBucket("uploads"), "uploads-encryption", sseOf("aws:kms", UNKNOWN));
    expect(await verdicts(policy, stack)).toEqual([]);
  });

  it("is not applicable to a stack without buckets", async () => {
    expect(await verdicts(policy, [res(T.topic, "alerts", { kmsMasterKeyId: KEY_ARN })])).toEqual([]);
  });

  it("recognises AWS-managed key aliases only", () => {
    expect([isAwsManagedKey("alias/aws/s3"), isAwsManagedKey("arn:aws:kms:us-east-1:1:alias/aws/sns"), isAwsManagedKey("alias/awsome"), isAwsManagedKey(KEY_ARN)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("s3-bucket-key-enabled (advisory)", () => {
  it("passes when Bucket Keys are on, flags SSE-KMS without them, ignores AES256", async () => {
    expect(await verdicts([s3BucketKeyEnabled], bucketPair())).toEqual([]);
    const stack = replace(bucketPair(), "uploads-encryption", {
      bucket: "uploads-a1b2c3",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } }],
    });
    expect(await verdicts([s3BucketKeyEnabled], stack)).toEqual([
      {
        policyName: "s3-bucket-key-enabled",
        enforcementLevel: "advisory",
        urn: stack[0].urn,
        message: `${s3BucketKeyEnabled.description}\nS3 bucket "uploads" uses SSE-KMS without an S3 Bucket Key: set bucketKeyEnabled: true to cut KMS requests (and cost) by up to 99%.`,
      },
    ]);
  });
});

describe("DynamoDB encryption and point-in-time recovery", () => {
  const table = (props: Record<string, unknown>) => res(T.table, "images", { billingMode: "PROVISIONED", ...props });

  it("passes a table with SSE and PITR", async () => {
    expect(
      await verdicts(
        [dynamoDbSseEnabled, dynamoDbPointInTimeRecovery],
        [table({ serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN }, pointInTimeRecovery: { enabled: true } })],
      ),
    ).toEqual([]);
  });

  it("fails a table without them, one message each", async () => {
    const t = table({});
    expect(await verdicts([dynamoDbSseEnabled, dynamoDbPointInTimeRecovery], [t])).toEqual([
      {
        policyName: "dynamodb-sse-enabled",
        enforcementLevel: "mandatory",
        urn: t.urn,
        message: `${dynamoDbSseEnabled.description}\nDynamoDB table "images" does not enable serverSideEncryption: set serverSideEncryption: { enabled: true } (optionally with kmsKeyArn) so the table is encrypted under KMS.`,
      },
      {
        policyName: "dynamodb-point-in-time-recovery",
        enforcementLevel: "mandatory",
        urn: t.urn,
        message: `${dynamoDbPointInTimeRecovery.description}\nDynamoDB table "images" does not enable point-in-time recovery: set pointInTimeRecovery: { enabled: true }.`,
      },
    ]);
  });

  it("gives the preview advisory for unknown settings and ignores other types", async () => {
    const t = table({ serverSideEncryption: { enabled: UNKNOWN }, pointInTimeRecovery: { enabled: UNKNOWN } });
    expect((await verdicts([dynamoDbSseEnabled, dynamoDbPointInTimeRecovery], [t])).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", `cannot check during preview: server-side encryption of table "images"`],
      ["advisory", `cannot check during preview: point-in-time recovery of table "images"`],
    ]);
    expect(await verdicts([dynamoDbSseEnabled], [res(T.topic, "t", {})])).toEqual([]);
  });
});

describe("sns-topic-cmk", () => {
  it("passes a CMK, fails none and the AWS-managed key, ignores other types", async () => {
    const ok = res(T.topic, "alerts", { kmsMasterKeyId: KEY_ARN });
    const none = res(T.topic, "plain", {});
    const managed = res(T.topic, "managed", { kmsMasterKeyId: "alias/aws/sns" });
    const found = await verdicts([snsTopicCmk], [ok, none, managed, res(T.table, "x", {})]);
    expect(found.map((v) => [v.urn, v.message.split("\n")[1]])).toEqual([
      [none.urn, `SNS topic "plain" is not encrypted: set kmsMasterKeyId to a customer-managed KMS key.`],
      [
        managed.urn,
        `SNS topic "managed" uses the AWS-managed key "alias/aws/sns": CloudWatch alarms and EventBridge cannot publish to it; use a customer-managed KMS key whose policy allows them.`,
      ],
    ]);
  });
});

describe("lambda-environment-cmk", () => {
  it("requires kmsKeyArn only when there are environment variables", async () => {
    const ok = res(T.lambda, "ok", { environment: { variables: { TABLE_NAME: "t" } }, kmsKeyArn: KEY_ARN });
    const noVars = res(T.lambda, "novars", {});
    const emptyVars = res(T.lambda, "empty", { environment: { variables: {} } });
    const bad = res(T.lambda, "bad", { environment: { variables: { TABLE_NAME: "t" } } });
    const found = await verdicts([lambdaEnvironmentCmk], [ok, noVars, emptyVars, bad]);
    expect(found).toEqual([
      {
        policyName: "lambda-environment-cmk",
        enforcementLevel: "mandatory",
        urn: bad.urn,
        message: `${lambdaEnvironmentCmk.description}\nLambda function "bad" has environment variables without a customer-managed key: set kmsKeyArn to a KMS key ARN.`,
      },
    ]);
  });
});

describe("kms-key-rotation-and-deletion-window", () => {
  it("passes rotation with a 30-day window, and the default window", async () => {
    expect(
      await verdicts([kmsKeyRotationAndDeletionWindow], [res(T.key, "k", { enableKeyRotation: true, deletionWindowInDays: 30 }), res(T.key, "d", { enableKeyRotation: true })]),
    ).toEqual([]);
  });

  it("fails no rotation and a too-short window with both messages", async () => {
    const k = res(T.key, "k", { deletionWindowInDays: 5 });
    expect((await verdicts([kmsKeyRotationAndDeletionWindow], [k])).map((v) => v.message.split("\n")[1])).toEqual([
      `KMS key "k" does not rotate: set enableKeyRotation: true (yearly automatic rotation).`,
      `KMS key "k" has a deletion window of 5 days: set deletionWindowInDays to at least 7.`,
    ]);
  });

  it("does not require rotation of asymmetric keys, and honours minDeletionWindowDays from config", async () => {
    const k = res(T.key, "signing", { customerMasterKeySpec: "RSA_2048", deletionWindowInDays: 10 });
    expect(await verdicts([kmsKeyRotationAndDeletionWindow], [k])).toEqual([]);
    expect(
      (await verdicts([kmsKeyRotationAndDeletionWindow], [k], { "kms-key-rotation-and-deletion-window": { minDeletionWindowDays: 14 } })).map((v) => v.message.split("\n")[1]),
    ).toEqual([`KMS key "signing" has a deletion window of 10 days: set deletionWindowInDays to at least 14.`]);
  });

  it("is not applicable to other resources", async () => {
    expect(await verdicts([kmsKeyRotationAndDeletionWindow], [res(T.topic, "t", {})])).toEqual([]);
  });
});

describe("cloudtrail-encrypted-validated", () => {
  it("passes an encrypted, validated trail and fails a bare one", async () => {
    const ok = res(T.trail, "audit", { kmsKeyId: KEY_ARN, enableLogFileValidation: true });
    const bare = res(T.trail, "bare", {});
    expect((await verdicts([cloudTrailEncryptedValidated], [ok, bare, res(T.key, "k", {})])).map((v) => [v.urn, v.message.split("\n")[1]])).toEqual([
      [bare.urn, `CloudTrail trail "bare" is not encrypted with KMS: set kmsKeyId to a customer-managed key.`],
      [bare.urn, `CloudTrail trail "bare" does not validate log files: set enableLogFileValidation: true so tampering is detectable.`],
    ]);
  });
});
