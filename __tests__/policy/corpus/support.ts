/**
 * Building blocks the corpus programs share: a bucket, key and alarm set that every rule of the
 * pack accepts, so a program shows exactly the one risk (or the one legitimate pattern) it is about.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What a corpus program expects of the pack: one policy at one level, or no violation of `policy` and no mandatory at all. */
export type Expectation = { readonly policy: string; readonly level: "mandatory" | "advisory" } | { readonly clean: string };

export const ACCOUNT = aws.getCallerIdentityOutput({}).accountId;

export function key(name: string, policy?: pulumi.Input<string>): aws.kms.Key {
  return new aws.kms.Key(name, { enableKeyRotation: true, deletionWindowInDays: 30, ...(policy ? { policy } : {}) });
}

export function tlsOnlyPolicy(bucket: aws.s3.Bucket, extra: object[] = []): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      ...extra,
    ],
  });
}

/** A bucket every bucket rule accepts: SSE-KMS with a CMK and bucket key, public access block, owner-enforced, TLS-only, expiring, versioned. */
export function bucket(
  name: string,
  options: { key?: aws.kms.Key; policy?: (b: aws.s3.Bucket) => pulumi.Input<string>; sse?: "kms" | "AES256"; versioning?: boolean } = {},
): aws.s3.Bucket {
  const b = new aws.s3.Bucket(name, {});
  const k = options.key ?? key(`${name}-key`);
  new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, {
    bucket: b.id,
    rules: [
      { applyServerSideEncryptionByDefault: options.sse === "AES256" ? { sseAlgorithm: "AES256" } : { sseAlgorithm: "aws:kms", kmsMasterKeyId: k.arn }, bucketKeyEnabled: true },
    ],
  });
  new aws.s3.BucketPublicAccessBlock(`${name}-pab`, { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: b.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: b.id, rules: [{ id: "expire", status: "Enabled", expiration: { days: 30 } }] });
  if (options.versioning !== false) new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: b.id, versioningConfiguration: { status: "Enabled" } });
  new aws.s3.BucketPolicy(`${name}-policy`, { bucket: b.id, policy: options.policy ? options.policy(b) : tlsOnlyPolicy(b) });
  return b;
}

/** The alarms the pack requires where the stack has buckets, functions or keys. */
export function requiredAlarms(): void {
  const alarm = (name: string, namespace: string, metricName: string) =>
    new aws.cloudwatch.MetricAlarm(name, { namespace, metricName, comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, period: 300, statistic: "Sum", threshold: 1 });
  alarm("errors", "AWS/Lambda", "Errors");
  alarm("throttles", "AWS/Lambda", "Throttles");
  alarm("storage", "AWS/S3", "BucketSizeBytes");
  // KMS's own key events (rotation, deletion, material expiry) reach EventBridge without a trail.
  new aws.cloudwatch.EventRule("kms-events", { eventPattern: JSON.stringify({ source: ["aws.kms"], "detail-type": ["KMS CMK Deletion", "KMS CMK Rotation"] }) });
}

/** A role for Lambda with an inline policy document (object form). */
export function lambdaRole(name: string, statements: object[]): aws.iam.Role {
  return new aws.iam.Role(name, {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    inlinePolicies: [{ name: "inline", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }],
  });
}

/** A Lambda function every free-tier and encryption rule accepts. */
export function fn(name: string, options: { role?: aws.iam.Role; variables?: Record<string, pulumi.Input<string>>; key?: aws.kms.Key } = {}): aws.lambda.Function {
  const role = options.role ?? lambdaRole(`${name}-role`, []);
  const k = options.key ?? key(`${name}-key`);
  return new aws.lambda.Function(name, {
    role: role.arn,
    runtime: "nodejs20.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }),
    architectures: ["arm64"],
    memorySize: 256,
    timeout: 30,
    reservedConcurrentExecutions: 1,
    kmsKeyArn: k.arn,
    ...(options.variables ? { environment: { variables: options.variables } } : {}),
  });
}
