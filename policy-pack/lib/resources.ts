/**
 * The resource shape checks work on, and the joins between a bucket and the separate S3
 * configuration resources of @pulumi/aws 7 (encryption, public access block, policy, ...).
 */
import { asArray, at, isUnknown, plain, Props } from "./values";

/** The part of a @pulumi/policy `PolicyResource` that checks use. */
export interface Res {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly props: Props;
  readonly propertyDependencies?: Readonly<Record<string, readonly { readonly urn: string }[]>>;
}

/** Copies a PolicyResource into a `Res` whose props are plain data (unknowns kept as sentinels). */
export function toRes(resource: Res): Res {
  return {
    type: resource.type,
    urn: resource.urn,
    name: resource.name,
    props: plain(resource.props),
    propertyDependencies: resource.propertyDependencies ?? {},
  };
}

/** Type tokens; the V2 names are @pulumi/aws 7's deprecated aliases of the same resources. */
export const T = {
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  sse: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  ownership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
  bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
  bucketAcl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
  lifecycle: ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
  logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
  topic: ["aws:sns/topic:Topic"],
  topicPolicy: ["aws:sns/topicPolicy:TopicPolicy"],
  queue: ["aws:sqs/queue:Queue"],
  queuePolicy: ["aws:sqs/queuePolicy:QueuePolicy"],
  kmsKey: ["aws:kms/key:Key"],
  kmsKeyPolicy: ["aws:kms/keyPolicy:KeyPolicy"],
  lambda: ["aws:lambda/function:Function"],
  lambdaPermission: ["aws:lambda/permission:Permission"],
  table: ["aws:dynamodb/table:Table"],
  logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
  metricAlarm: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
  compositeAlarm: ["aws:cloudwatch/compositeAlarm:CompositeAlarm"],
  versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
  eventRule: ["aws:cloudwatch/eventRule:EventRule"],
  trail: ["aws:cloudtrail/trail:Trail"],
  role: ["aws:iam/role:Role"],
  rolePolicy: ["aws:iam/rolePolicy:RolePolicy"],
  userPolicy: ["aws:iam/userPolicy:UserPolicy"],
  groupPolicy: ["aws:iam/groupPolicy:GroupPolicy"],
  managedPolicy: ["aws:iam/policy:Policy"],
  policyAttachments: [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  ],
  guardDuty: ["aws:guardduty/detector:Detector"],
  securityHub: ["aws:securityhub/account:Account", "aws:securityhub/accountV2:AccountV2"],
  configRecorder: ["aws:cfg/recorder:Recorder"],
} as const;

export function ofType(resources: readonly Res[], types: readonly string[]): Res[] {
  return resources.filter((r) => types.includes(r.type));
}

/** How a configuration resource relates to its target: joined, not joinable during preview, or to none here. */
export type Join = { readonly kind: "joined"; readonly target: Res } | { readonly kind: "unknown" } | { readonly kind: "none" };

/** The names a bucket is referred to by: its `bucket` name, and its id where the state has one. */
export function bucketNames(bucket: Res): string[] {
  return knownStrings([at(bucket.props, "bucket"), at(bucket.props, "id")]);
}

/** The names a topic is referred to by: its ARN (and id, which is the ARN). */
export function topicNames(topic: Res): string[] {
  return knownStrings([at(topic.props, "arn"), at(topic.props, "id")]);
}

/** The names a queue policy refers to its queue by: its URL (the queue's id) or, inline, its ARN. */
export function queueNames(queue: Res): string[] {
  return knownStrings([at(queue.props, "url"), at(queue.props, "id"), at(queue.props, "arn")]);
}

function knownStrings(values: unknown[]): string[] {
  return values.filter((v): v is string => typeof v === "string" && !isUnknown(v));
}

/**
 * Joins a configuration resource to its target (a bucket, a topic): by the property dependency of
 * its `property` (how the engine records `bucket: myBucket.id`), else by the name it holds.
 */
export function joinTo(config: Res, targets: readonly Res[], property: string, namesOf: (target: Res) => string[]): Join {
  const deps = config.propertyDependencies?.[property] ?? [];
  const byDependency = targets.find((t) => deps.some((d) => d.urn === t.urn));
  if (byDependency) return { kind: "joined", target: byDependency };
  const value = at(config.props, property);
  if (isUnknown(value)) return { kind: "unknown" };
  const byName = targets.find((t) => typeof value === "string" && namesOf(t).includes(value));
  return byName ? { kind: "joined", target: byName } : { kind: "none" };
}

export function joinToBucket(config: Res, buckets: readonly Res[], property = "bucket"): Join {
  return joinTo(config, buckets, property, bucketNames);
}

/** The configuration resources of some types that belong to a bucket, and whether some could not be joined. */
export interface Joined {
  readonly configs: Res[];
  readonly unjoinable: boolean;
}

export function configsOf(bucket: Res, resources: readonly Res[], types: readonly string[], property = "bucket"): Joined {
  return configsOfTarget(bucket, ofType(resources, T.bucket), ofType(resources, types), property, bucketNames);
}

export function configsOfTarget(target: Res, targets: readonly Res[], candidates: readonly Res[], property: string, namesOf: (t: Res) => string[]): Joined {
  const configs: Res[] = [];
  let unjoinable = false;
  for (const config of candidates) {
    const join = joinTo(config, targets, property, namesOf);
    if (join.kind === "joined" && join.target.urn === target.urn) configs.push(config);
    if (join.kind === "unknown") unjoinable = true;
  }
  return { configs, unjoinable };
}

/** Buckets that receive S3 server access logs (the target of some BucketLogging or inline logging). */
export function logTargetBuckets(resources: readonly Res[]): Set<string> {
  const buckets = ofType(resources, T.bucket);
  const targets = new Set<string>();
  for (const logging of ofType(resources, T.logging)) {
    const join = joinToBucket(logging, buckets, "targetBucket");
    if (join.kind === "joined") targets.add(join.target.urn);
  }
  for (const bucket of buckets) {
    const inlineTarget = at(bucket.props, "logging", "targetBucket");
    const target = buckets.find((b) => typeof inlineTarget === "string" && bucketNames(b).includes(inlineTarget));
    if (target) targets.add(target.urn);
  }
  return targets;
}

/** Buckets that hold logs: access-log targets and CloudTrail trail buckets (their retention limit is the log one). */
export function logBuckets(resources: readonly Res[]): Set<string> {
  const buckets = ofType(resources, T.bucket);
  const result = logTargetBuckets(resources);
  for (const trail of ofType(resources, T.trail)) {
    const join = joinToBucket(trail, buckets, "s3BucketName");
    if (join.kind === "joined") result.add(join.target.urn);
  }
  return result;
}

/** Whether a BucketLogging's target cannot be resolved during preview (so log buckets are unknown). */
export function hasUnresolvedLogTarget(resources: readonly Res[]): boolean {
  const buckets = ofType(resources, T.bucket);
  return (
    ofType(resources, T.logging).some((l) => joinToBucket(l, buckets, "targetBucket").kind === "unknown") ||
    ofType(resources, T.trail).some((t) => joinToBucket(t, buckets, "s3BucketName").kind === "unknown")
  );
}

export { asArray, at };
