/**
 * Encryption at rest: S3 (SSE-KMS with a customer-managed key), DynamoDB, SNS, Lambda
 * environment variables, KMS key hygiene and CloudTrail.
 */
import { DEFAULT_SECRET_NAME_PATTERN, secretIn } from "../lib/secrets";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { asArray, at, configsOf, hasUnresolvedLogTarget, logTargetBuckets, ofType, Res, T } from "../lib/resources";
import { isUnknown } from "../lib/values";

/** The SSE rule defaults a bucket gets: from its separate configuration resources and any inline block. */
interface SseRule {
  readonly algorithm: unknown;
  readonly kmsKeyId: unknown;
  readonly bucketKeyEnabled: unknown;
}

function rulesOf(configs: readonly Res[], bucket: Res): SseRule[] {
  const rules = [...configs.flatMap((c) => asArray(at(c.props, "rules"))), ...asArray(at(bucket.props, "serverSideEncryptionConfiguration", "rule"))];
  return rules.map((rule) => ({
    algorithm: at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
    kmsKeyId: at(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"),
    bucketKeyEnabled: at(rule, "bucketKeyEnabled"),
  }));
}

/** AWS-managed keys are addressed by their `alias/aws/<service>` alias; a CMK is anything else. */
export function isAwsManagedKey(keyId: string): boolean {
  return /(^|:)alias\/aws\//.test(keyId);
}

function isKmsAlgorithm(algorithm: unknown): boolean {
  return algorithm === "aws:kms" || algorithm === "aws:kms:dsse";
}

/** One bucket's verdict on SSE-KMS with a CMK (SSE-S3 allowed for access-log targets). */
export function checkBucketEncryption(bucket: Res, resources: readonly Res[]): Finding[] {
  const { configs, unjoinable } = configsOf(bucket, resources, T.sse);
  const rules = rulesOf(configs, bucket);
  const logTarget = logTargetBuckets(resources).has(bucket.urn);
  const fix = `add an aws.s3.BucketServerSideEncryptionConfiguration for it with sseAlgorithm "aws:kms" and kmsMasterKeyId set to a customer-managed key`;
  if (rules.length === 0) {
    if (unjoinable) return [cannotCheck(`bucket "${bucket.name}" has encryption configurations whose bucket is not yet known`, bucket.urn)];
    return [violation(`S3 bucket "${bucket.name}" has no server-side encryption configuration: ${fix}.`, bucket.urn)];
  }
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (isUnknown(rule.algorithm)) {
      findings.push(cannotCheck(`the encryption algorithm of bucket "${bucket.name}" is not yet known`, bucket.urn));
    } else if (isKmsAlgorithm(rule.algorithm)) {
      // A key id unknown during preview is the output of a key this stack creates: a CMK.
      if (!isUnknown(rule.kmsKeyId) && (typeof rule.kmsKeyId !== "string" || rule.kmsKeyId === "" || isAwsManagedKey(rule.kmsKeyId))) {
        findings.push(
          violation(
            `S3 bucket "${bucket.name}" uses SSE-KMS with the AWS-managed key: set kmsMasterKeyId to a customer-managed KMS key so key policy and rotation are yours.`,
            bucket.urn,
          ),
        );
      }
    } else if (rule.algorithm === "AES256" && logTarget) {
      // S3 server access logs cannot be delivered to SSE-KMS buckets: SSE-S3 is the secure choice there.
    } else if (rule.algorithm === "AES256" && hasUnresolvedLogTarget(resources)) {
      findings.push(cannotCheck(`bucket "${bucket.name}" uses AES256, allowed only for an access-log target, and the log targets are not yet known`, bucket.urn));
    } else {
      findings.push(violation(`S3 bucket "${bucket.name}" uses sseAlgorithm "${String(rule.algorithm)}": ${fix} (only an access-log target bucket may use AES256).`, bucket.urn));
    }
  }
  return findings;
}

export function checkBucketsEncrypted(resources: Res[]): Finding[] {
  return ofType(resources, T.bucket).flatMap((bucket) => checkBucketEncryption(bucket, resources));
}

export const s3BucketSseKmsCmk = stackPolicy({
  name: "s3-bucket-sse-kms-cmk",
  description: "S3 buckets encrypt objects with SSE-KMS under a customer-managed key (an access-log target bucket may use SSE-S3).",
  enforcementLevel: "mandatory",
  fix: 'Add aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and a customer-managed kmsMasterKeyId (AES256 only for access-log targets).',
  check: (resources) => checkBucketsEncrypted(resources),
});

export function checkBucketKeys(resources: Res[]): Finding[] {
  return ofType(resources, T.bucket).flatMap((bucket) => {
    const { configs } = configsOf(bucket, resources, T.sse);
    return rulesOf(configs, bucket)
      .filter((rule) => isKmsAlgorithm(rule.algorithm) && !isUnknown(rule.bucketKeyEnabled) && rule.bucketKeyEnabled !== true)
      .map(() =>
        violation(`S3 bucket "${bucket.name}" uses SSE-KMS without an S3 Bucket Key: set bucketKeyEnabled: true to cut KMS requests (and cost) by up to 99%.`, bucket.urn),
      );
  });
}

export const s3BucketKeyEnabled = stackPolicy({
  name: "s3-bucket-key-enabled",
  description: "SSE-KMS buckets enable S3 Bucket Keys, which cut KMS request costs.",
  enforcementLevel: "advisory",
  fix: "Set bucketKeyEnabled: true on the SSE-KMS rule.",
  check: (resources) => checkBucketKeys(resources),
});

export function checkDynamoDbEncryption(table: Res): Finding[] {
  const enabled = at(table.props, "serverSideEncryption", "enabled");
  if (isUnknown(enabled)) return [cannotCheck(`server-side encryption of table "${table.name}"`)];
  if (enabled !== true) {
    return [
      violation(
        `DynamoDB table "${table.name}" does not enable serverSideEncryption: set serverSideEncryption: { enabled: true } (optionally with kmsKeyArn) so the table is encrypted under KMS.`,
      ),
    ];
  }
  return [];
}

export const dynamoDbSseEnabled = resourcePolicy({
  name: "dynamodb-sse-enabled",
  description: "DynamoDB tables enable KMS server-side encryption.",
  enforcementLevel: "mandatory",
  types: T.table,
  fix: "Set serverSideEncryption: { enabled: true } (optionally with kmsKeyArn).",
  check: (table) => checkDynamoDbEncryption(table),
});

export function checkDynamoDbPitr(table: Res): Finding[] {
  const enabled = at(table.props, "pointInTimeRecovery", "enabled");
  if (isUnknown(enabled)) return [cannotCheck(`point-in-time recovery of table "${table.name}"`)];
  if (enabled !== true) {
    return [violation(`DynamoDB table "${table.name}" does not enable point-in-time recovery: set pointInTimeRecovery: { enabled: true }.`)];
  }
  return [];
}

export const dynamoDbPointInTimeRecovery = resourcePolicy({
  name: "dynamodb-point-in-time-recovery",
  description: "DynamoDB tables enable point-in-time recovery.",
  enforcementLevel: "mandatory",
  types: T.table,
  fix: "Set pointInTimeRecovery: { enabled: true }.",
  check: (table) => checkDynamoDbPitr(table),
});

export function checkTopicEncryption(topic: Res): Finding[] {
  const key = at(topic.props, "kmsMasterKeyId");
  // A key id unknown during preview is the output of a key this stack creates: a CMK.
  if (isUnknown(key)) return [];
  if (typeof key !== "string" || key === "") {
    return [violation(`SNS topic "${topic.name}" is not encrypted: set kmsMasterKeyId to a customer-managed KMS key.`)];
  }
  if (isAwsManagedKey(key)) {
    return [
      violation(
        `SNS topic "${topic.name}" uses the AWS-managed key "${key}": CloudWatch alarms and EventBridge cannot publish to it; use a customer-managed KMS key whose policy allows them.`,
      ),
    ];
  }
  return [];
}

export const snsTopicCmk = resourcePolicy({
  name: "sns-topic-cmk",
  description: "SNS topics are encrypted with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  types: T.topic,
  fix: "Set kmsMasterKeyId to a customer-managed KMS key.",
  check: (topic) => checkTopicEncryption(topic),
});

export function checkLambdaEnvironmentKey(fn: Res): Finding[] {
  const variables = at(fn.props, "environment", "variables");
  if (variables === undefined || (typeof variables === "object" && variables !== null && Object.keys(variables).length === 0)) return [];
  const key = at(fn.props, "kmsKeyArn");
  // A key ARN unknown during preview is the output of a key this stack creates.
  if (isUnknown(key)) return [];
  if (typeof key !== "string" || key === "") {
    return [violation(`Lambda function "${fn.name}" has environment variables without a customer-managed key: set kmsKeyArn to a KMS key ARN.`)];
  }
  return [];
}

export const lambdaEnvironmentCmk = resourcePolicy({
  name: "lambda-environment-cmk",
  description: "Lambda environment variables are encrypted with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  types: T.lambda,
  fix: "Set kmsKeyArn to a customer-managed KMS key.",
  check: (fn) => checkLambdaEnvironmentKey(fn),
});

export interface KmsKeyConfig {
  readonly minDeletionWindowDays: number;
  readonly maxRotationPeriodDays: number;
}

export function checkKmsKey(key: Res, config: KmsKeyConfig): Finding[] {
  const findings: Finding[] = [];
  const spec = at(key.props, "customerMasterKeySpec");
  const symmetric = spec === undefined || spec === "SYMMETRIC_DEFAULT";
  const rotation = at(key.props, "enableKeyRotation");
  if (isUnknown(rotation)) findings.push(cannotCheck(`key rotation of KMS key "${key.name}"`));
  else if (symmetric && rotation !== true) {
    findings.push(violation(`KMS key "${key.name}" does not rotate: set enableKeyRotation: true (yearly automatic rotation).`));
  }
  // AWS rotates yearly when no period is set.
  const period = at(key.props, "rotationPeriodInDays");
  if (isUnknown(period)) findings.push(cannotCheck(`rotation period of KMS key "${key.name}"`));
  else if (rotation === true && typeof period === "number" && period > config.maxRotationPeriodDays) {
    findings.push(violation(`KMS key "${key.name}" rotates every ${period} days: set rotationPeriodInDays to at most ${config.maxRotationPeriodDays}.`));
  }
  const window = at(key.props, "deletionWindowInDays");
  if (isUnknown(window)) findings.push(cannotCheck(`deletion window of KMS key "${key.name}"`));
  // AWS's default deletion window, when none is set, is 30 days.
  else if (typeof window === "number" && window < config.minDeletionWindowDays) {
    findings.push(violation(`KMS key "${key.name}" has a deletion window of ${window} days: set deletionWindowInDays to at least ${config.minDeletionWindowDays}.`));
  }
  return findings;
}

export const kmsKeyRotationAndDeletionWindow = resourcePolicy<KmsKeyConfig>({
  name: "kms-key-rotation-and-deletion-window",
  description: "KMS keys rotate automatically and keep a deletion window long enough to undo a mistake.",
  enforcementLevel: "mandatory",
  types: T.kmsKey,
  fix: "Set enableKeyRotation: true, rotationPeriodInDays within maxRotationPeriodDays, and deletionWindowInDays of at least minDeletionWindowDays.",
  configSchema: {
    properties: {
      minDeletionWindowDays: { type: "integer", minimum: 7, maximum: 30, default: 7 },
      maxRotationPeriodDays: { type: "integer", minimum: 90, maximum: 2560, default: 365 },
    },
  },
  check: (key, config) => checkKmsKey(key, config),
});

export function checkTrail(trail: Res): Finding[] {
  const findings: Finding[] = [];
  const key = at(trail.props, "kmsKeyId");
  if (!isUnknown(key) && (typeof key !== "string" || key === "")) {
    findings.push(violation(`CloudTrail trail "${trail.name}" is not encrypted with KMS: set kmsKeyId to a customer-managed key.`));
  }
  const validation = at(trail.props, "enableLogFileValidation");
  if (isUnknown(validation)) findings.push(cannotCheck(`log file validation of trail "${trail.name}"`));
  else if (validation !== true) {
    findings.push(violation(`CloudTrail trail "${trail.name}" does not validate log files: set enableLogFileValidation: true so tampering is detectable.`));
  }
  return findings;
}

export const cloudTrailEncryptedValidated = resourcePolicy({
  name: "cloudtrail-encrypted-validated",
  description: "CloudTrail trails are KMS-encrypted and validate their log files.",
  enforcementLevel: "mandatory",
  types: T.trail,
  fix: "Set kmsKeyId to a customer-managed key and enableLogFileValidation: true.",
  check: (trail) => checkTrail(trail),
});

export function checkQueueEncryption(queue: Res): Finding[] {
  const key = at(queue.props, "kmsMasterKeyId");
  // A key id unknown during preview is the output of a key this stack creates: a CMK.
  if (isUnknown(key)) return [];
  if (typeof key === "string" && key !== "" && !isAwsManagedKey(key)) return [];
  const what =
    typeof key === "string" && key !== ""
      ? `uses the AWS-managed key "${key}"`
      : at(queue.props, "sqsManagedSseEnabled") === false
        ? "is not encrypted at rest"
        : "is encrypted only with SQS-owned keys (SSE-SQS)";
  return [violation(`SQS queue "${queue.name}" ${what}: set kmsMasterKeyId to a customer-managed KMS key whose policy lets the producers use it.`)];
}

export const sqsQueueCmk = resourcePolicy({
  name: "sqs-queue-cmk",
  description: "SQS queues are encrypted with a customer-managed KMS key (not unencrypted, not SSE-SQS, not alias/aws/sqs).",
  fix: "Set kmsMasterKeyId to a customer-managed KMS key (and kmsDataKeyReusePeriodSeconds to cut requests).",
  enforcementLevel: "mandatory",
  types: ["aws:sqs/queue:Queue"],
  check: (queue) => checkQueueEncryption(queue),
});

export interface SecretsConfig {
  /** Variable names that look like secrets (case-insensitive regular expression). */
  readonly secretNamePattern: string;
}

export function checkLambdaSecrets(fn: Res, config: SecretsConfig): Finding[] {
  const variables = at(fn.props, "environment", "variables");
  if (variables === null || typeof variables !== "object" || isUnknown(variables)) return [];
  const findings: Finding[] = [];
  for (const [name, value] of Object.entries(variables as Record<string, unknown>)) {
    if (typeof value !== "string" || isUnknown(value)) continue;
    if (secretIn(name, value, config.secretNamePattern)) {
      findings.push(
        violation(
          `Lambda function "${fn.name}" keeps a secret in environment variable ${name}: anyone who can read the function configuration sees it. Store it in Secrets Manager or SSM SecureString and pass its ARN or name instead.`,
        ),
      );
    }
  }
  return findings;
}

export const lambdaEnvironmentNoSecrets = resourcePolicy<SecretsConfig>({
  name: "lambda-environment-no-secrets",
  description: "Lambda environment variables hold no secrets (credential-shaped values, or password/token/secret/key-named variables with literal values).",
  fix: "Store the secret in Secrets Manager or SSM Parameter Store (SecureString) and pass its ARN or name; read it at run time.",
  enforcementLevel: "mandatory",
  types: T.lambda,
  configSchema: {
    properties: {
      secretNamePattern: { type: "string", default: DEFAULT_SECRET_NAME_PATTERN },
    },
  },
  check: (fn, config) => checkLambdaSecrets(fn, config),
});

export const encryptionPolicies = [
  s3BucketSseKmsCmk,
  s3BucketKeyEnabled,
  dynamoDbSseEnabled,
  dynamoDbPointInTimeRecovery,
  snsTopicCmk,
  lambdaEnvironmentCmk,
  kmsKeyRotationAndDeletionWindow,
  cloudTrailEncryptedValidated,
  sqsQueueCmk,
  lambdaEnvironmentNoSecrets,
];
