/**
 * Which of the program's resources the moto harness creates, and why it leaves out the others.
 * Every custom resource the program registers must be created (from-program.ts) or listed here
 * with a reason; `harnessCoverage` reports the rest as unlisted, and `deployToMoto` fails on them,
 * so a new resource cannot silently stay out of the end-to-end suite.
 */
import type { RegisteredResource } from "./from-program";

export interface SkipReason {
  /** The resource type; `names` narrows it to some logical names (others of the type must be created or listed apart). */
  readonly type: string;
  readonly names?: RegExp;
  readonly reason: string;
}

const NOT_IN_DATA_PATH = "account-level detection, not on the upload path; moto does not run it";

export const HARNESS_SKIPS: readonly SkipReason[] = [
  { type: "aws:kms/key:Key", names: /^alerts-key$/, reason: "encrypts only the alert topics, which the suite does not create" },
  { type: "aws:kms/alias:Alias", reason: "the suite addresses the key by ARN" },
  { type: "aws:s3/bucket:Bucket", names: /^access-logs-bucket$/, reason: "S3 server access logging, CloudTrail and Config deliveries: moto delivers none of them" },
  {
    type: "aws:s3/bucketPolicy:BucketPolicy",
    reason:
      "moto 5 checks a bucket policy's statements without the request's condition keys (moto/s3/responses.py, bucket.get_permission), so the TLS-only and SSE-KMS denies would refuse every request; the flow proof (docs/flows.md) and least-privilege.test.ts evaluate it with iam-simulate",
  },
  {
    type: "aws:s3/bucket:Bucket",
    names: /^findings-bucket$/,
    reason: "GuardDuty findings export: moto runs no detector that would write there; the flow proof evaluates its policies",
  },
  { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", names: /^(access-logs|findings)-/, reason: "the log and findings buckets are not created" },
  {
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    names: /^(access-logs|findings)-/,
    reason: "the log and findings buckets are not created",
  },
  { type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", reason: "moto ignores object ownership; the suite never uses ACLs" },
  {
    type: "aws:s3/bucketVersioning:BucketVersioning",
    reason: "the harness creates the bucket unversioned; restore.test.ts turns versioning on as the program declares it, then restores previous versions",
  },
  { type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", reason: "expiry runs on days; moto does not run lifecycle rules" },
  { type: "aws:s3/bucketLogging:BucketLogging", reason: "moto does not deliver server access logs" },
  { type: "aws:sns/topic:Topic", names: /^(security-alerts|key-alerts)-topic$/, reason: "alarm and key-state alert topics: moto fires no alarms or EventBridge rules into them" },
  { type: "aws:sns/topicPolicy:TopicPolicy", reason: "moto does not evaluate topic policies; the flow proof (docs/flows.md) does" },
  {
    type: "aws:sqs/queuePolicy:QueuePolicy",
    reason: "its only statement is the TLS-only deny, and moto is reached over plain HTTP on 127.0.0.1; the flow proof (docs/flows.md) evaluates it with iam-simulate",
  },
  { type: "aws:sns/topicSubscription:TopicSubscription", reason: "email subscriptions; the suite subscribes an SQS inbox instead" },
  {
    type: "aws:iam/role:Role",
    names: /^(clients-operator|security-trail-role|security-config-role)$/,
    reason: "the operator's replay runs in __tests__/integration/replay-dlq.test.ts; the CloudTrail and Config roles serve services moto does not run",
  },
  {
    type: "aws:iam/role:Role",
    names: /^reprocess-role$/,
    reason: "moto runs no S3 Batch Operations jobs; e2e/reprocess.test.ts sends the packaged handler the job's invocations and the flow proof evaluates the role",
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    names: /^(clients-operator-policy|security-trail-logs|security-config-delivery-policy|reprocess-policy)$/,
    reason: "policies of roles the suite does not create (see their roles)",
  },
  { type: "aws:iam/policy:Policy", names: /^reprocess-boundary$/, reason: "the boundary of the reprocess role, which the suite does not create" },
  { type: "aws:guardduty/publishingDestination:PublishingDestination", reason: NOT_IN_DATA_PATH },
  { type: "aws:cloudwatch/dashboard:Dashboard", reason: "a console view of metrics; moto keeps no metrics for it to show" },
  { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", reason: "AWS_ConfigRole for the Config role, which the suite does not create" },
  {
    type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    reason: "exclusivity guards for later drift; the suite creates each role with exactly its inline policy",
  },
  { type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", reason: "exclusivity guards for later drift; the suite creates each role with exactly its inline policy" },
  { type: "aws:cloudwatch/logGroup:LogGroup", reason: "the packaged handler runs in-process and logs to the test's output" },
  { type: "aws:cloudwatch/metricAlarm:MetricAlarm", reason: "moto evaluates no alarms" },
  { type: "aws:cloudwatch/eventRule:EventRule", reason: "moto delivers no CloudTrail events to EventBridge" },
  { type: "aws:cloudwatch/eventTarget:EventTarget", reason: "moto delivers no CloudTrail events to EventBridge" },
  { type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", reason: "the tests invoke the handler themselves; the on-failure queue it names is created" },
  { type: "aws:cloudtrail/trail:Trail", reason: NOT_IN_DATA_PATH },
  { type: "aws:guardduty/detector:Detector", reason: NOT_IN_DATA_PATH },
  { type: "aws:guardduty/detectorFeature:DetectorFeature", reason: NOT_IN_DATA_PATH },
  { type: "aws:securityhub/account:Account", reason: NOT_IN_DATA_PATH },
  { type: "aws:securityhub/standardsSubscription:StandardsSubscription", reason: NOT_IN_DATA_PATH },
  { type: "aws:cfg/recorder:Recorder", reason: NOT_IN_DATA_PATH },
  { type: "aws:cfg/deliveryChannel:DeliveryChannel", reason: NOT_IN_DATA_PATH },
  { type: "aws:cfg/recorderStatus:RecorderStatus", reason: NOT_IN_DATA_PATH },
  { type: "awsx:ec2:Vpc", reason: "VPC isolation: the handler runs outside any network in the suite" },
  { type: "aws:ec2/securityGroup:SecurityGroup", reason: "VPC isolation: the handler runs outside any network in the suite" },
  { type: "aws:ec2/vpcEndpoint:VpcEndpoint", reason: "VPC isolation: the handler runs outside any network in the suite" },
];

export interface HarnessCoverage {
  readonly created: string[];
  readonly skipped: { readonly resource: string; readonly reason: string }[];
  /** Program resources neither created nor listed: each one fails the suite. */
  readonly unlisted: string[];
}

const label = (r: RegisteredResource) => `${r.type} ${r.name}`;

export function harnessCoverage(resources: readonly (RegisteredResource & { custom?: boolean })[], created: ReadonlySet<string>): HarnessCoverage {
  const out: HarnessCoverage = { created: [], skipped: [], unlisted: [] };
  for (const r of resources) {
    if (r.custom === false || r.type.startsWith("secure-image-pipeline:") || r.type === "pulumi:pulumi:Stack") continue;
    if (created.has(r.urn)) {
      out.created.push(label(r));
      continue;
    }
    const skip = HARNESS_SKIPS.find((s) => s.type === r.type && (!s.names || s.names.test(r.name)));
    if (skip) out.skipped.push({ resource: label(r), reason: skip.reason });
    else out.unlisted.push(label(r));
  }
  return out;
}

export function formatSkipped(coverage: HarnessCoverage): string {
  return [
    `The moto harness creates ${coverage.created.length} of the program's resources and leaves out ${coverage.skipped.length}:`,
    ...coverage.skipped.map((s) => `  - ${s.resource}: ${s.reason}`),
  ].join("\n");
}
