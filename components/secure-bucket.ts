import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, definedOnly } from "./arg-checks";
import { auditObjectStatements } from "./audit-objects";
import { awsContext } from "./aws-context";
import { PolicyCondition, PolicyStatement, policyDocument, policyJson } from "./policy-document";

/** A service allowed to write logs into a log-mode bucket, scoped to a prefix and to its sources. */
export interface LogWriter {
  /** Alphanumeric id used in the statement Sids, e.g. "S3ServerAccessLogs". */
  readonly id: string;
  /** Service principal, e.g. `logging.s3.amazonaws.com`. */
  readonly service: string;
  /** Key prefix the service may write under (ends with "/"); objects land at `<prefix>...`. */
  readonly keyPrefix: string;
  /** ARNs of the sources (buckets, trails) whose logs may be written: matched with `aws:SourceArn`. */
  readonly sourceArns?: pulumi.Input<string>[];
  /**
   * The service does not send `aws:SourceArn` (AWS Config delivery): scope it by
   * `aws:SourceAccount` only. Exactly one of `sourceArns` and `sourceAccountOnly`.
   */
  readonly sourceAccountOnly?: boolean;
  /** Services such as CloudTrail and Config check the bucket ACL before writing. Default false. */
  readonly needsAclCheck?: boolean;
  /** AWS Config also lists the bucket to check that it exists. Default false. */
  readonly needsExistenceCheck?: boolean;
  /** The service writes with the `bucket-owner-full-control` canned ACL (CloudTrail, Config). Default false. */
  readonly writesOwnerFullControlAcl?: boolean;
}

/** Where a data bucket sends its server access logs. */
export interface AccessLogTarget {
  /** Name of the log-mode bucket. */
  readonly bucketName: pulumi.Input<string>;
  /** Prefix inside it. Default `s3-access/<name>/`. */
  readonly keyPrefix?: string;
}

/** A bucket of audit records: who delivers into it besides the AWS services its policy grants. */
export interface AuditObjects {
  /** Roles of the account that deliver records into the bucket (AWS Config's recorder role), as ARNs or `ArnLike` patterns. Default none. */
  readonly writerRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface SecureBucketArgs {
  /**
   * `data` (default): SSE-KMS with `kmsKeyArn` and Bucket Keys, TLS-only and right-key-only policy,
   * access logs to `accessLogs`. `log`: the target for access logs, CloudTrail and Config: SSE-S3
   * (S3 server access logs cannot be delivered to SSE-KMS buckets) and a policy that lets only the
   * listed `logWriters` write.
   */
  readonly mode?: "data" | "log";
  /** KMS key for SSE-KMS. Required in data mode, not allowed in log mode. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Server access logging target. Required in data mode (forensics, policy 3.4), not allowed in log mode. */
  readonly accessLogs?: AccessLogTarget;
  /** Log mode only: the services that may write (each scoped by prefix, `aws:SourceArn` and `aws:SourceAccount`). */
  readonly logWriters?: LogWriter[];
  /** Delete current objects this many days after creation. Default 30 (data; free-tier 5 GB) or 365 (log; policy 3.4). */
  readonly expirationDays?: number;
  /** Abort incomplete multipart uploads after this many days (they are billed but invisible). Default 7. */
  readonly abortIncompleteMultipartDays?: number;
  /**
   * Audit records (see components/audit-objects.ts): only the AWS services the policy grants (and
   * `writerRoleArns`) may write objects, nobody may delete an object or a version, and versioning
   * keeps any overwrite. Always on in log mode; in data mode (e.g. the GuardDuty findings bucket)
   * pass `{}` to turn it on. Default: on in log mode, off in data mode.
   */
  readonly auditObjects?: AuditObjects;
  /** Keep previous versions so an overwrite or delete can be undone. Default true (an audit bucket must keep it). */
  readonly versioning?: boolean;
  /** Delete noncurrent versions this many days after they become noncurrent. Default 7. */
  readonly noncurrentVersionExpirationDays?: number;
  /** Allow `pulumi destroy` to delete a bucket that still holds objects. Default false. */
  readonly forceDestroy?: boolean;
  /**
   * Data mode only: keep current objects without expiry (records the security policy keeps
   * indefinitely, e.g. GuardDuty findings). The bucket is tagged `DataRetention: indefinite` so
   * the policy pack reports it as a declared exception instead of a missing expiry. Incomplete
   * uploads and noncurrent versions still expire. Default false.
   */
  readonly retainIndefinitely?: boolean;
  /**
   * Data mode only: more bucket-policy statements, e.g. a service allowed to write under a prefix
   * (with its confused-deputy conditions). They come after the built-in denies, which still apply.
   */
  readonly extraPolicyStatements?: (bucketArn: string, account: string) => PolicyStatement[];
}

/** The tag that declares a bucket's objects are kept without expiry (read by the policy pack). */
export const INDEFINITE_RETENTION_TAG = { DataRetention: "indefinite" } as const;

export const SECURE_BUCKET_DEFAULTS = {
  data: { expirationDays: 30, abortIncompleteMultipartDays: 7, versioning: true, noncurrentVersionExpirationDays: 7, forceDestroy: false },
  // Audit records: a noncurrent version (an overwrite by a delivering service) is kept 90 days.
  log: { expirationDays: 365, abortIncompleteMultipartDays: 7, versioning: true, noncurrentVersionExpirationDays: 90, forceDestroy: false },
} as const;

/**
 * An S3 bucket with every guard rail of security policy 3.1-3.3: encryption, all four public
 * access blocks, ACLs disabled, TLS-only policy, access logging and expiry lifecycle.
 */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly policy: aws.s3.BucketPolicy;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly mode: "data" | "log";

  constructor(name: string, args: SecureBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const mode = args.mode ?? "data";
    const settings = { ...SECURE_BUCKET_DEFAULTS[mode], ...definedOnly(args) };
    checkSecureBucketArgs(mode, args, settings);
    super("secure-image-pipeline:storage:SecureBucket", name, {}, opts);
    this.mode = mode;
    const child = { parent: this };

    this.bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      { forceDestroy: settings.forceDestroy, ...(args.retainIndefinitely ? { tags: { ...INDEFINITE_RETENTION_TAG } } : {}) },
      child,
    );
    const bucketId = this.bucket.id;
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;

    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucketId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      child,
    );
    // BucketOwnerEnforced disables ACLs: access is decided by policies alone.
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucketId,
        rules:
          mode === "data"
            ? [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: settings.kmsKeyArn }, bucketKeyEnabled: true }]
            : [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      },
      child,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      // "Disabled" is only valid for a bucket that was never versioned, which is the case here.
      { bucket: bucketId, versioningConfiguration: { status: settings.versioning ? "Enabled" : "Disabled" } },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucketId, rules: lifecycleRules({ ...settings, retainIndefinitely: args.retainIndefinitely === true }) },
      { parent: this, dependsOn: [versioning] },
    );
    if (mode === "data" && settings.accessLogs) {
      new aws.s3.BucketLogging(
        `${name}-access-logs`,
        { bucket: bucketId, targetBucket: settings.accessLogs.bucketName, targetPrefix: settings.accessLogs.keyPrefix ?? `s3-access/${name}/` },
        child,
      );
    }

    const ctx = awsContext(this);
    const audit = mode === "log" ? (args.auditObjects ?? {}) : args.auditObjects;
    const statements = pulumi
      .all([this.bucket.arn, ctx.accountId, pulumi.output(audit?.writerRoleArns ?? [])])
      .apply(([bucketArn, account, writerRoles]) => [
        ...(mode === "data"
          ? [...dataBucketPolicyStatements(bucketArn, settings.kmsKeyArn!), ...(args.extraPolicyStatements?.(bucketArn, account) ?? [])]
          : logBucketPolicyStatements(bucketArn, account, settings.logWriters ?? [])),
        ...(audit ? auditObjectStatements(bucketArn, writerRoles) : []),
      ]);
    // The public access block must exist first, or S3 could briefly evaluate the policy without it.
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucketId, policy: statements.apply((s) => policyJson(policyDocument(s))) },
      { parent: this, dependsOn: [this.publicAccessBlock, ownership, encryption] },
    );
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}

function checkSecureBucketArgs(
  mode: string,
  args: SecureBucketArgs,
  settings: Required<Pick<SecureBucketArgs, "expirationDays" | "abortIncompleteMultipartDays" | "noncurrentVersionExpirationDays">>,
): void {
  const checks = new ArgumentConflicts("SecureBucket")
    .check(mode !== "data" && mode !== "log", `mode must be "data" or "log", got "${mode}"`)
    .wholeNumber("expirationDays", settings.expirationDays, 1, 36500)
    .wholeNumber("abortIncompleteMultipartDays", settings.abortIncompleteMultipartDays, 1, 365)
    .wholeNumber("noncurrentVersionExpirationDays", settings.noncurrentVersionExpirationDays, 1, 36500);
  if (mode === "data") {
    checks
      .check(args.kmsKeyArn === undefined, "kmsKeyArn is required in data mode (SSE-KMS with a customer-managed key)")
      .check(args.accessLogs === undefined, "accessLogs is required in data mode (server access logs, security policy 3.4)")
      .check(args.logWriters !== undefined, "logWriters is only for log mode")
      .check(args.retainIndefinitely === true && args.expirationDays !== undefined, "expirationDays and retainIndefinitely contradict each other: choose one");
  } else if (mode === "log") {
    checks
      .check(args.kmsKeyArn !== undefined, "kmsKeyArn is not allowed in log mode: S3 server access logs cannot be delivered to SSE-KMS buckets")
      .check(args.accessLogs !== undefined, "accessLogs is not allowed in log mode: a log bucket does not log into itself")
      .check((args.logWriters ?? []).length === 0, "logWriters must list at least one writer in log mode")
      .check(args.retainIndefinitely !== undefined, "retainIndefinitely is only for data mode: log buckets expire (security policy 3.4)")
      .check(args.extraPolicyStatements !== undefined, "extraPolicyStatements is only for data mode: log writers are listed in logWriters");
    for (const writer of args.logWriters ?? []) {
      checks
        .check(!/^[A-Za-z0-9]+$/.test(writer.id), `logWriters id "${writer.id}" must be alphanumeric`)
        .check(!/^[A-Za-z0-9!_.*'()/-]+\/$/.test(writer.keyPrefix), `logWriters "${writer.id}" keyPrefix must end in "/", got "${writer.keyPrefix}"`)
        .check(
          (writer.sourceArns ?? []).length > 0 === Boolean(writer.sourceAccountOnly),
          `logWriters "${writer.id}" must name either its sourceArns or sourceAccountOnly: true, not both (confused-deputy protection)`,
        );
    }
  }
  checks.check(
    (mode === "log" || args.auditObjects !== undefined) && args.versioning === false,
    "versioning cannot be turned off for audit records (log mode or auditObjects): an overwrite must stay recoverable",
  );
  checks.throwIfAny();
}

interface LifecycleSettings {
  readonly expirationDays: number;
  readonly abortIncompleteMultipartDays: number;
  readonly versioning: boolean;
  readonly noncurrentVersionExpirationDays: number;
  /** No expiry of current objects; the multipart and noncurrent-version rules stay. */
  readonly retainIndefinitely?: boolean;
}

export function lifecycleRules(s: LifecycleSettings): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  const abort = { abortIncompleteMultipartUpload: { daysAfterInitiation: s.abortIncompleteMultipartDays } };
  const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = s.retainIndefinitely
    ? [{ id: "abort-incomplete-multipart", status: "Enabled", filter: {}, ...abort }]
    : [{ id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: s.expirationDays }, ...abort }];
  if (s.versioning) {
    rules.push({
      id: "expire-noncurrent-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: s.noncurrentVersionExpirationDays },
    });
  }
  return rules;
}

function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * Data bucket policy. Every upload must send the SSE-KMS headers naming this key (security policy
 * appendix B): `...IfExists` makes a missing header a mismatch, so an upload without the headers
 * is denied, not given the bucket default.
 */
export function dataBucketPolicyStatements(bucketArn: string, kmsKeyArn: pulumi.Input<string>): PolicyStatement[] {
  return [
    denyInsecureTransport(bucketArn),
    {
      Sid: "DenyUploadsNotUsingKms",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } },
    },
    {
      Sid: "DenyUploadsWithOtherKmsKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": kmsKeyArn } },
    },
  ];
}

/** Log bucket policy: TLS only, and each writer only under its prefix, for its own sources. */
export function logBucketPolicyStatements(bucketArn: string, account: string, writers: LogWriter[]): PolicyStatement[] {
  const statements: PolicyStatement[] = [denyInsecureTransport(bucketArn)];
  for (const writer of writers) {
    const scope: PolicyCondition = writer.sourceAccountOnly
      ? { StringEquals: { "aws:SourceAccount": account } }
      : { ArnLike: { "aws:SourceArn": writer.sourceArns ?? [] }, StringEquals: { "aws:SourceAccount": account } };
    if (writer.needsAclCheck) {
      statements.push({
        Sid: `Allow${writer.id}AclCheck`,
        Effect: "Allow",
        Principal: { Service: writer.service },
        Action: writer.needsExistenceCheck ? ["s3:GetBucketAcl", "s3:ListBucket"] : "s3:GetBucketAcl",
        Resource: bucketArn,
        Condition: scope,
      });
    }
    statements.push({
      Sid: `Allow${writer.id}Write`,
      Effect: "Allow",
      Principal: { Service: writer.service },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${writer.keyPrefix}*`,
      Condition: writer.writesOwnerFullControlAcl ? { ...scope, StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" } } : scope,
    });
  }
  return statements;
}
