/**
 * Resource fixtures in the shapes @pulumi/aws 7 registers, and a helper that runs policies through
 * the pack's real analyzer handlers (offline/policy-eval).
 */
import type { Policy } from "@pulumi/policy";
import type { Res } from "../../policy-pack/lib/resources";
import { evaluatePolicies, PlannedResource, PolicyConfig, Violation } from "../../offline/policy-eval";

export const STACK = "urn:pulumi:dev::secure-image-pipeline";

export interface Fixture extends Res {
  readonly propertyDependencies: Record<string, { urn: string }[]>;
}

/** A resource: type token, logical name, properties, and the resources its properties came from. */
export function res(type: string, name: string, props: Record<string, unknown> = {}, dependsOn: Record<string, Res[]> = {}): Fixture {
  const propertyDependencies = Object.fromEntries(Object.entries(dependsOn).map(([k, v]) => [k, v.map((r) => ({ urn: r.urn }))]));
  return { type, name, urn: `${STACK}::${type}::${name}`, props, propertyDependencies };
}

/** The same resource as the offline runner records it (inputs = outputs here). */
export function planned(r: Res): PlannedResource {
  const propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, v.map((d) => d.urn)]));
  return { urn: r.urn, type: r.type, name: r.name, inputs: r.props, outputs: r.props, propertyDependencies };
}

/** Runs the given policies over the resources through @pulumi/policy's analyzer handlers. */
export function verdicts(policies: Policy[], resources: Res[], config?: PolicyConfig): Promise<Violation[]> {
  return evaluatePolicies(resources.map(planned), { policies: policies as never, config });
}

export const ACCOUNT = "123456789012";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b5f1c2e-1111-2222-3333-444455556666`;

export const T = {
  bucket: "aws:s3/bucket:Bucket",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  acl: "aws:s3/bucketAcl:BucketAcl",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  key: "aws:kms/key:Key",
  lambda: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  table: "aws:dynamodb/table:Table",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  trail: "aws:cloudtrail/trail:Trail",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  guardDuty: "aws:guardduty/detector:Detector",
} as const;

export function bucket(name: string, bucketName = `${name}-a1b2c3`): Fixture {
  return res(T.bucket, name, { bucket: bucketName, arn: `arn:aws:s3:::${bucketName}`, forceDestroy: false });
}

export function tlsPolicyJson(bucketName: string): string {
  const arn = `arn:aws:s3:::${bucketName}`;
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  });
}

/** Every configuration resource a secure bucket needs, joined by property dependency. */
export function secureBucket(name: string, mode: "data" | "log" = "data"): Fixture[] {
  const b = bucket(name);
  const bucketName = b.props.bucket as string;
  const on = { bucket: [b] };
  const rule =
    mode === "data"
      ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }
      : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } };
  return [
    b,
    res(T.pab, `${name}-public-access`, { bucket: bucketName, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, on),
    res(T.ownership, `${name}-ownership`, { bucket: bucketName, rule: { objectOwnership: "BucketOwnerEnforced" } }, on),
    res(T.sse, `${name}-encryption`, { bucket: bucketName, rules: [rule] }, on),
    res(T.lifecycle, `${name}-lifecycle`, { bucket: bucketName, rules: [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: mode === "data" ? 30 : 365 } }] }, on),
    res(T.bucketPolicy, `${name}-policy`, { bucket: bucketName, policy: tlsPolicyJson(bucketName) }, on),
  ];
}

/** A data bucket logging into a log bucket: the pair the pipeline deploys. */
export function bucketPair(): Fixture[] {
  const data = secureBucket("uploads", "data");
  const logs = secureBucket("access-logs", "log");
  const logging = res(
    T.logging,
    "uploads-access-logs",
    { bucket: data[0].props.bucket, targetBucket: logs[0].props.bucket, targetPrefix: "s3-access/uploads/" },
    { bucket: [data[0]], targetBucket: [logs[0]] },
  );
  return [...data, ...logs, logging];
}

export function replace(resources: Fixture[], name: string, props: Record<string, unknown>): Fixture[] {
  return resources.map((r) => (r.name === name ? { ...r, props } : r));
}
