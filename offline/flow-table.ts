/**
 * The flows of the running system, as data: who does what to which resource, in which request
 * context, and whether every policy on the path must allow it (`allow`) or some policy must stop it
 * (`deny`). `npm run -s plan -- --flows` evaluates them against the policies the program plans
 * (offline/flow-eval.ts); __tests__/flows/ keeps them true and proves each policy statement is
 * needed (mutation test).
 *
 * Templates: `{name}` is the ARN of the program's resource with that logical name (e.g.
 * `{images-bucket}`, `{pipeline-key}`), plus `{account}`, `{region}`, `{partition}` and
 * `{otherAccount}`. Principals: `role:<logical role name>` (a session of that role, with its
 * inline policies and boundary), `service:<service principal>`, `anonymous`, and the fixtures in
 * FLOW_FIXTURE_PRINCIPALS (`admin`, `deployer`, `outsider`), which are not the program's.
 *
 * To add flows for a new resource, append rows to FLOW_ROWS (or a group to FLOW_GROUPS) with ids
 * prefixed by the resource's area; a row that names an anchor the program does not have (e.g. a
 * VPC subnet without vpcIsolation) must list it in `requires`, and is then reported as not
 * applicable instead of failing.
 */

export type FlowExpectation = "allow" | "deny";

export interface FlowRow {
  /** Unique, dotted: `<who>.<what>[.<variant>]`. */
  readonly id: string;
  readonly principal: string;
  /** One IAM action, e.g. `s3:PutObject`. */
  readonly action: string;
  /** Resource ARN template. */
  readonly resource: string;
  /** Request context keys this request carries (templates), on top of the defaults for the principal. */
  readonly context?: Readonly<Record<string, string>>;
  readonly expected: FlowExpectation;
  /** Anchors the row needs; without them it is not applicable (listed, never silently dropped). */
  readonly requires?: readonly string[];
}

/** Principals that are not the program's: an administrator, a deployer and another account's admin. */
export const FLOW_FIXTURE_PRINCIPALS = {
  admin: { arn: "arn:{partition}:iam::{account}:user/administrator", description: "an IAM user of the account with AdministratorAccess (Allow * on *)" },
  deployer: { arn: "arn:{partition}:sts::{account}:assumed-role/deployer/pulumi", description: "the role `pulumi up` runs as, with AdministratorAccess" },
  outsider: { arn: "arn:{partition}:sts::{otherAccount}:assumed-role/outsider/session", description: "an administrator of another account (Allow * on *)" },
} as const;

export const OTHER_ACCOUNT = "210987654321";

/** Another KMS key of the account, with the default key policy (which delegates to IAM). */
export const OTHER_KEY = "arn:{partition}:kms:{region}:{account}:key/00000000-0000-4000-8000-000000000000";

/** Resource policies of fixture resources (not the program's), by ARN template. */
export const FLOW_FIXTURE_RESOURCE_POLICIES: Readonly<Record<string, unknown>> = {
  [OTHER_KEY]: {
    Version: "2012-10-17",
    Statement: [{ Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: "arn:{partition}:iam::{account}:root" }, Action: "kms:*", Resource: "*" }],
  },
};

const UPLOAD = "{images-bucket}/uploads/flows/photo.jpg";
const PROCESSED = "{images-bucket}/processed/flows/photo.jpg/256.jpg";
const SSE = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": "{pipeline-key}" };
const VIA = (service: string) => ({ "kms:ViaService": `${service}.{region}.amazonaws.com`, "kms:CallerAccount": "{account}" });
const OWNER_ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };
const FROM = (sourceArn: string, account = "{account}") => ({ "aws:SourceArn": sourceArn, "aws:SourceAccount": account });
const NO_TLS = { "aws:SecureTransport": "false" };

const uploader = "role:clients-uploader";
const reader = "role:clients-reader";
const operator = "role:clients-operator";
const lambda = "role:image-processor-role";
const reprocess = "role:reprocess-role";
const GD = "service:guardduty.amazonaws.com";
const FINDING = "{findings-bucket}/guardduty/AWSLogs/{account}/GuardDuty/{region}/2026/12/01/finding.jsonl.gz";
const FINDING_SSE = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": "{pipeline-key}" };
const JOB = "arn:{partition}:s3:{region}:{account}:job/flows-job";
const MANIFEST = "{images-bucket}/batch-operations/manifests/flows.csv";
const REPORT = "{images-bucket}/batch-operations/reports/job-flows/results/flows.csv";

/** Rows grouped by who they are about; FLOW_ROWS is their concatenation. */
export const FLOW_GROUPS: Readonly<Record<string, readonly FlowRow[]>> = {
  uploader: [
    { id: "uploader.put", principal: uploader, action: "s3:PutObject", resource: UPLOAD, context: SSE, expected: "allow" },
    { id: "uploader.put.kms", principal: uploader, action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "uploader.put.multipart-kms", principal: uploader, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "uploader.assume", principal: "admin", action: "sts:AssumeRole", resource: "{clients-uploader}", expected: "allow" },
    { id: "uploader.put.no-sse-headers", principal: uploader, action: "s3:PutObject", resource: UPLOAD, expected: "deny" },
    { id: "uploader.put.sse-s3", principal: uploader, action: "s3:PutObject", resource: UPLOAD, context: { "s3:x-amz-server-side-encryption": "AES256" }, expected: "deny" },
    { id: "uploader.put.other-key", principal: uploader, action: "s3:PutObject", resource: UPLOAD, context: { ...SSE, "s3:x-amz-server-side-encryption-aws-kms-key-id": "{alerts-key}" }, expected: "deny" },
    { id: "uploader.put.insecure-transport", principal: uploader, action: "s3:PutObject", resource: UPLOAD, context: { ...SSE, ...NO_TLS }, expected: "deny" },
    { id: "uploader.put.processed", principal: uploader, action: "s3:PutObject", resource: PROCESSED, context: SSE, expected: "deny" },
    { id: "uploader.get.uploads", principal: uploader, action: "s3:GetObject", resource: UPLOAD, expected: "deny" },
    { id: "uploader.delete.uploads", principal: uploader, action: "s3:DeleteObject", resource: UPLOAD, expected: "deny" },
    { id: "uploader.kms.direct", principal: uploader, action: "kms:GenerateDataKey", resource: "{pipeline-key}", expected: "deny" },
    { id: "uploader.kms.via-sqs", principal: uploader, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("sqs"), expected: "deny" },
    // Another key of the account whose key policy delegates to IAM (the default key policy): only the role's own policy stops it.
    { id: "uploader.kms.other-key", principal: uploader, action: "kms:GenerateDataKey", resource: OTHER_KEY, context: VIA("s3"), expected: "deny" },
    { id: "uploader.put.dsse-kms", principal: uploader, action: "s3:PutObject", resource: UPLOAD, context: { ...SSE, "s3:x-amz-server-side-encryption": "aws:kms:dsse" }, expected: "deny" },
  ],
  reader: [
    { id: "reader.get", principal: reader, action: "s3:GetObject", resource: PROCESSED, expected: "allow" },
    { id: "reader.get.kms", principal: reader, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "reader.records", principal: reader, action: "dynamodb:Query", resource: "{records-table}", expected: "allow" },
    { id: "reader.get.uploads", principal: reader, action: "s3:GetObject", resource: UPLOAD, expected: "deny" },
    { id: "reader.get.insecure-transport", principal: reader, action: "s3:GetObject", resource: PROCESSED, context: NO_TLS, expected: "deny" },
    { id: "reader.put.processed", principal: reader, action: "s3:PutObject", resource: PROCESSED, context: SSE, expected: "deny" },
    { id: "reader.records.write", principal: reader, action: "dynamodb:PutItem", resource: "{records-table}", expected: "deny" },
    { id: "reader.kms.direct", principal: reader, action: "kms:Decrypt", resource: "{pipeline-key}", expected: "deny" },
    { id: "reader.kms.generate", principal: reader, action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: VIA("s3"), expected: "deny" },
    { id: "reader.kms.other-key", principal: reader, action: "kms:Decrypt", resource: OTHER_KEY, context: VIA("s3"), expected: "deny" },
    { id: "reader.records.other-table", principal: reader, action: "dynamodb:Query", resource: "arn:{partition}:dynamodb:{region}:{account}:table/other", expected: "deny" },
    { id: "reader.assume", principal: "admin", action: "sts:AssumeRole", resource: "{clients-reader}", expected: "allow" },
    { id: "reader.assume.outsider", principal: "outsider", action: "sts:AssumeRole", resource: "{clients-reader}", expected: "deny" },
  ],
  lambda: [
    { id: "lambda.get.uploads", principal: lambda, action: "s3:GetObject", resource: UPLOAD, expected: "allow" },
    { id: "lambda.put.processed", principal: lambda, action: "s3:PutObject", resource: PROCESSED, context: SSE, expected: "allow" },
    { id: "lambda.kms.generate", principal: lambda, action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "lambda.kms.decrypt", principal: lambda, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "lambda.records.put", principal: lambda, action: "dynamodb:PutItem", resource: "{records-table}", expected: "allow" },
    { id: "lambda.notify", principal: lambda, action: "sns:Publish", resource: "{notifications-topic}", expected: "allow" },
    { id: "lambda.failure-queue.send", principal: lambda, action: "sqs:SendMessage", resource: "{image-processor-failures}", expected: "allow" },
    { id: "lambda.logs.put", principal: lambda, action: "logs:PutLogEvents", resource: "{image-processor-logs}:log-stream:flows", expected: "allow" },
    { id: "lambda.vpc.describe", principal: lambda, action: "ec2:DescribeNetworkInterfaces", resource: "*", expected: "allow", requires: ["image-processor-function-subnet-0"] },
    {
      id: "lambda.vpc.attach",
      principal: lambda,
      action: "ec2:CreateNetworkInterface",
      resource: "{image-processor-function-subnet-0}",
      expected: "allow",
      requires: ["image-processor-function-subnet-0"],
    },
    {
      id: "lambda.vpc.attach.other-subnet",
      principal: lambda,
      action: "ec2:CreateNetworkInterface",
      resource: "arn:{partition}:ec2:{region}:{account}:subnet/subnet-0123456789abcdef0",
      expected: "deny",
    },
    { id: "lambda.get.processed", principal: lambda, action: "s3:GetObject", resource: PROCESSED, expected: "deny" },
    { id: "lambda.put.uploads", principal: lambda, action: "s3:PutObject", resource: UPLOAD, context: SSE, expected: "deny" },
    { id: "lambda.put.processed.no-sse-headers", principal: lambda, action: "s3:PutObject", resource: PROCESSED, expected: "deny" },
    { id: "lambda.delete.uploads", principal: lambda, action: "s3:DeleteObject", resource: UPLOAD, expected: "deny" },
    { id: "lambda.delete.processed", principal: lambda, action: "s3:DeleteObject", resource: PROCESSED, expected: "deny" },
    { id: "lambda.records.delete", principal: lambda, action: "dynamodb:DeleteItem", resource: "{records-table}", expected: "deny" },
    { id: "lambda.publish.security-alerts", principal: lambda, action: "sns:Publish", resource: "{security-alerts-topic}", expected: "deny" },
    { id: "lambda.failure-queue.receive", principal: lambda, action: "sqs:ReceiveMessage", resource: "{image-processor-failures}", expected: "deny" },
    { id: "lambda.kms.alerts-key", principal: lambda, action: "kms:Decrypt", resource: "{alerts-key}", expected: "deny" },
    { id: "lambda.logs.audit", principal: lambda, action: "logs:PutLogEvents", resource: "{security-audit-logs}:log-stream:flows", expected: "deny" },
    { id: "lambda.assume", principal: "service:lambda.amazonaws.com", action: "sts:AssumeRole", resource: "{image-processor-role}", expected: "allow" },
    { id: "lambda.assume.other-service", principal: "service:ec2.amazonaws.com", action: "sts:AssumeRole", resource: "{image-processor-role}", expected: "deny" },
    { id: "lambda.assume.admin", principal: "admin", action: "sts:AssumeRole", resource: "{image-processor-role}", expected: "deny" },
    { id: "lambda.notify.insecure-transport", principal: lambda, action: "sns:Publish", resource: "{notifications-topic}", context: NO_TLS, expected: "deny" },
  ],
  services: [
    { id: "s3.invoke", principal: "service:s3.amazonaws.com", action: "lambda:InvokeFunction", resource: "{image-processor-function}", context: FROM("{images-bucket}"), expected: "allow" },
    { id: "s3.invoke.other-bucket", principal: "service:s3.amazonaws.com", action: "lambda:InvokeFunction", resource: "{image-processor-function}", context: FROM("arn:{partition}:s3:::someone-elses-bucket"), expected: "deny" },
    { id: "s3.invoke.other-account", principal: "service:s3.amazonaws.com", action: "lambda:InvokeFunction", resource: "{image-processor-function}", context: FROM("{images-bucket}", "{otherAccount}"), expected: "deny" },
    // Another AWS service presenting the same source: the statement must name its service.
    { id: "s3.invoke.other-service", principal: "service:ec2.amazonaws.com", action: "lambda:InvokeFunction", resource: "{image-processor-function}", context: FROM("{images-bucket}"), expected: "deny" },
    { id: "access-logs.put", principal: "service:logging.s3.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/s3-access/images/2026-01-01-00-00-00-ABCDEF", context: FROM("{images-bucket}"), expected: "allow" },
    { id: "access-logs.put.other-source", principal: "service:logging.s3.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/s3-access/images/x", context: FROM("arn:{partition}:s3:::someone-elses-bucket"), expected: "deny" },
    { id: "access-logs.put.outside-prefix", principal: "service:logging.s3.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/cloudtrail/x", context: FROM("{images-bucket}"), expected: "deny" },
    { id: "access-logs.put.insecure-transport", principal: "service:logging.s3.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/s3-access/images/x", context: { ...FROM("{images-bucket}"), ...NO_TLS }, expected: "deny" },
    { id: "access-logs.put.other-service", principal: "service:ec2.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/s3-access/images/x", context: FROM("{images-bucket}"), expected: "deny" },
    { id: "cloudtrail.acl-check", principal: "service:cloudtrail.amazonaws.com", action: "s3:GetBucketAcl", resource: "{access-logs-bucket}", context: FROM("{security-trail}"), expected: "allow", requires: ["security-trail"] },
    {
      id: "cloudtrail.put",
      principal: "service:cloudtrail.amazonaws.com",
      action: "s3:PutObject",
      resource: "{access-logs-bucket}/cloudtrail/AWSLogs/{account}/CloudTrail/{region}/x.json.gz",
      context: { ...FROM("{security-trail}"), ...OWNER_ACL },
      expected: "allow",
      requires: ["security-trail"],
    },
    {
      id: "cloudtrail.kms",
      principal: "service:cloudtrail.amazonaws.com",
      action: "kms:GenerateDataKey",
      resource: "{pipeline-key}",
      context: { ...FROM("{security-trail}"), "kms:EncryptionContext:aws:cloudtrail:arn": "{security-trail}" },
      expected: "allow",
      requires: ["security-trail"],
    },
    {
      id: "logs.encrypt",
      principal: "service:logs.{region}.amazonaws.com",
      action: "kms:GenerateDataKey",
      resource: "{pipeline-key}",
      context: { "kms:EncryptionContext:aws:logs:arn": "{security-audit-logs}" },
      expected: "allow",
    },
    {
      id: "logs.encrypt.other-account",
      principal: "service:logs.{region}.amazonaws.com",
      action: "kms:GenerateDataKey",
      resource: "{pipeline-key}",
      context: { "kms:EncryptionContext:aws:logs:arn": "arn:{partition}:logs:{region}:{otherAccount}:log-group:theirs" },
      expected: "deny",
    },
    { id: "cloudtrail.kms.describe", principal: "service:cloudtrail.amazonaws.com", action: "kms:DescribeKey", resource: "{pipeline-key}", context: FROM("{security-trail}"), expected: "allow", requires: ["security-trail"] },
    { id: "cloudtrail.assume-logs-role", principal: "service:cloudtrail.amazonaws.com", action: "sts:AssumeRole", resource: "{security-trail-role}", context: FROM("{security-trail}"), expected: "allow", requires: ["security-trail"] },
    { id: "cloudtrail.logs.put", principal: "role:security-trail-role", action: "logs:PutLogEvents", resource: "{security-audit-logs}:log-stream:flows", expected: "allow", requires: ["security-trail"] },
    {
      id: "cloudtrail.put.other-trail",
      principal: "service:cloudtrail.amazonaws.com",
      action: "s3:PutObject",
      resource: "{access-logs-bucket}/cloudtrail/AWSLogs/{account}/x",
      context: { ...FROM("arn:{partition}:cloudtrail:{region}:{account}:trail/another-trail"), ...OWNER_ACL },
      expected: "deny",
    },
    {
      id: "cloudtrail.put.other-account",
      principal: "service:cloudtrail.amazonaws.com",
      action: "s3:PutObject",
      resource: "{access-logs-bucket}/cloudtrail/AWSLogs/{otherAccount}/x",
      context: { ...FROM("arn:{partition}:cloudtrail:{region}:{otherAccount}:trail/theirs", "{otherAccount}"), ...OWNER_ACL },
      expected: "deny",
    },
    { id: "cloudtrail.put.without-owner-acl", principal: "service:cloudtrail.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/cloudtrail/AWSLogs/{account}/x", context: FROM("{security-trail}"), expected: "deny", requires: ["security-trail"] },
    {
      id: "cloudtrail.kms.other-account",
      principal: "service:cloudtrail.amazonaws.com",
      action: "kms:GenerateDataKey",
      resource: "{pipeline-key}",
      context: { ...FROM("arn:{partition}:cloudtrail:{region}:{otherAccount}:trail/theirs", "{otherAccount}"), "kms:EncryptionContext:aws:cloudtrail:arn": "arn:{partition}:cloudtrail:{region}:{otherAccount}:trail/theirs" },
      expected: "deny",
    },
    { id: "cloudtrail.assume-logs-role.other-trail", principal: "service:cloudtrail.amazonaws.com", action: "sts:AssumeRole", resource: "{security-trail-role}", context: FROM("arn:{partition}:cloudtrail:{region}:{account}:trail/another-trail"), expected: "deny", requires: ["security-trail"] },
    { id: "cloudtrail.assume-logs-role.other-account", principal: "service:cloudtrail.amazonaws.com", action: "sts:AssumeRole", resource: "{security-trail-role}", context: FROM("{security-trail}", "{otherAccount}"), expected: "deny", requires: ["security-trail"] },
    { id: "cloudtrail.assume-logs-role.other-service", principal: "service:ec2.amazonaws.com", action: "sts:AssumeRole", resource: "{security-trail-role}", context: FROM("{security-trail}"), expected: "deny", requires: ["security-trail"] },
    { id: "cloudtrail.logs.put.other-group", principal: "role:security-trail-role", action: "logs:PutLogEvents", resource: "{image-processor-logs}:log-stream:flows", expected: "deny", requires: ["security-trail"] },
    { id: "cloudtrail.acl-check.other-account", principal: "service:cloudtrail.amazonaws.com", action: "s3:GetBucketAcl", resource: "{access-logs-bucket}", context: FROM("arn:{partition}:cloudtrail:{region}:{otherAccount}:trail/theirs", "{otherAccount}"), expected: "deny" },
    {
      id: "cloudtrail.put.access-log-prefix",
      principal: "service:cloudtrail.amazonaws.com",
      action: "s3:PutObject",
      resource: "{access-logs-bucket}/s3-access/images/x",
      context: { ...FROM("{security-trail}"), ...OWNER_ACL },
      expected: "deny",
      requires: ["security-trail"],
    },
    { id: "cloudtrail.kms.describe.other-account", principal: "service:cloudtrail.amazonaws.com", action: "kms:DescribeKey", resource: "{pipeline-key}", context: FROM("arn:{partition}:cloudtrail:{region}:{otherAccount}:trail/theirs", "{otherAccount}"), expected: "deny" },
    { id: "cloudtrail.acl-check.other-service", principal: "service:ec2.amazonaws.com", action: "s3:GetBucketAcl", resource: "{access-logs-bucket}", context: FROM("{security-trail}"), expected: "deny", requires: ["security-trail"] },
    {
      id: "cloudtrail.put.other-service",
      principal: "service:ec2.amazonaws.com",
      action: "s3:PutObject",
      resource: "{access-logs-bucket}/cloudtrail/AWSLogs/{account}/x",
      context: { ...FROM("{security-trail}"), ...OWNER_ACL },
      expected: "deny",
      requires: ["security-trail"],
    },
    {
      id: "cloudtrail.kms.other-service",
      principal: "service:ec2.amazonaws.com",
      action: "kms:GenerateDataKey",
      resource: "{pipeline-key}",
      context: { ...FROM("{security-trail}"), "kms:EncryptionContext:aws:cloudtrail:arn": "{security-trail}" },
      expected: "deny",
      requires: ["security-trail"],
    },
    { id: "cloudtrail.kms.describe.other-service", principal: "service:ec2.amazonaws.com", action: "kms:DescribeKey", resource: "{pipeline-key}", context: FROM("{security-trail}"), expected: "deny", requires: ["security-trail"] },
    { id: "config.assume-role", principal: "service:config.amazonaws.com", action: "sts:AssumeRole", resource: "{security-config-role}", context: { "aws:SourceAccount": "{account}" }, expected: "allow", requires: ["security-config-role"] },
    { id: "config.acl-check", principal: "role:security-config-role", action: "s3:GetBucketAcl", resource: "{access-logs-bucket}", expected: "allow", requires: ["security-config-role"] },
    {
      id: "config.put",
      principal: "role:security-config-role",
      action: "s3:PutObject",
      resource: "{access-logs-bucket}/config/AWSLogs/{account}/Config/{region}/x.json.gz",
      context: OWNER_ACL,
      expected: "allow",
      requires: ["security-config-role"],
    },
    { id: "config.assume-role.other-account", principal: "service:config.amazonaws.com", action: "sts:AssumeRole", resource: "{security-config-role}", context: { "aws:SourceAccount": "{otherAccount}" }, expected: "deny", requires: ["security-config-role"] },
    { id: "config.put.outside-prefix", principal: "role:security-config-role", action: "s3:PutObject", resource: "{access-logs-bucket}/cloudtrail/AWSLogs/{account}/x", context: OWNER_ACL, expected: "deny", requires: ["security-config-role"] },
    { id: "config.put.as-service", principal: "service:config.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/config/AWSLogs/{account}/Config/x", context: { "aws:SourceAccount": "{account}", ...OWNER_ACL }, expected: "deny" },
    { id: "config.assume-role.other-service", principal: "service:ec2.amazonaws.com", action: "sts:AssumeRole", resource: "{security-config-role}", context: { "aws:SourceAccount": "{account}" }, expected: "deny", requires: ["security-config-role"] },
    { id: "config.acl-check.other-bucket", principal: "role:security-config-role", action: "s3:GetBucketAcl", resource: "{images-bucket}", expected: "deny", requires: ["security-config-role"] },
    { id: "config.put.without-owner-acl", principal: "role:security-config-role", action: "s3:PutObject", resource: "{access-logs-bucket}/config/AWSLogs/{account}/Config/x", expected: "deny", requires: ["security-config-role"] },
  ],
  alerts: [
    { id: "alarms.publish", principal: "service:cloudwatch.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: FROM("{image-processor-errors}"), expected: "allow" },
    { id: "alarms.publish.kms", principal: "service:cloudwatch.amazonaws.com", action: "kms:GenerateDataKey", resource: "{alerts-key}", expected: "allow" },
    { id: "alarms.publish.kms-decrypt", principal: "service:cloudwatch.amazonaws.com", action: "kms:Decrypt", resource: "{alerts-key}", expected: "allow" },
    { id: "events.publish", principal: "service:events.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: FROM("{security-kms-key-state}"), expected: "allow" },
    { id: "events.publish.kms", principal: "service:events.amazonaws.com", action: "kms:GenerateDataKey", resource: "{alerts-key}", expected: "allow" },
    { id: "events.key-alerts.publish", principal: "service:events.amazonaws.com", action: "sns:Publish", resource: "{key-alerts-topic}", context: FROM("{security-kms-key-state-1}"), expected: "allow" },
    { id: "events.key-alerts.kms", principal: "service:events.amazonaws.com", action: "kms:GenerateDataKey", resource: "{pipeline-key}", expected: "allow" },
    { id: "alarms.publish.other-account", principal: "service:cloudwatch.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: FROM("arn:{partition}:cloudwatch:{region}:{otherAccount}:alarm:theirs", "{otherAccount}"), expected: "deny" },
    { id: "events.publish.other-source", principal: "service:events.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: FROM("arn:{partition}:sns:{region}:{account}:not-a-rule"), expected: "deny" },
    { id: "alarms.publish.notifications", principal: "service:cloudwatch.amazonaws.com", action: "sns:Publish", resource: "{notifications-topic}", context: FROM("{image-processor-errors}"), expected: "deny" },
    { id: "alarms.publish.insecure-transport", principal: "service:cloudwatch.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: { ...FROM("{image-processor-errors}"), ...NO_TLS }, expected: "deny" },
    { id: "alarms.kms.data-key", principal: "service:cloudwatch.amazonaws.com", action: "kms:GenerateDataKey", resource: "{pipeline-key}", expected: "deny" },
    { id: "alarms.publish.other-service", principal: "service:ec2.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: FROM("{image-processor-errors}"), expected: "deny" },
    { id: "events.publish.other-service", principal: "service:ec2.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: FROM("{security-kms-key-state}"), expected: "deny" },
    { id: "key-alerts.publish.other-service", principal: "service:ec2.amazonaws.com", action: "sns:Publish", resource: "{key-alerts-topic}", context: FROM("{security-kms-key-state-1}"), expected: "deny" },
    { id: "alerts-key.uploader", principal: uploader, action: "kms:Decrypt", resource: "{alerts-key}", context: VIA("s3"), expected: "deny" },
    { id: "alerts-key.reader", principal: reader, action: "kms:Decrypt", resource: "{alerts-key}", context: VIA("s3"), expected: "deny" },
    { id: "alerts-key.operator", principal: operator, action: "kms:Decrypt", resource: "{alerts-key}", context: VIA("sqs"), expected: "deny" },
    { id: "alerts-key.admin.decrypt", principal: "admin", action: "kms:Decrypt", resource: "{alerts-key}", expected: "deny" },
    { id: "alerts-key.admin.generate", principal: "admin", action: "kms:GenerateDataKey", resource: "{alerts-key}", context: VIA("sns"), expected: "deny" },
    { id: "alerts-key.cloudtrail", principal: "service:cloudtrail.amazonaws.com", action: "kms:GenerateDataKey", resource: "{alerts-key}", context: FROM("{security-trail}"), expected: "deny", requires: ["security-trail"] },
    { id: "alerts-key.logs", principal: "service:logs.{region}.amazonaws.com", action: "kms:GenerateDataKey", resource: "{alerts-key}", expected: "deny" },
    { id: "alerts-key.outsider", principal: "outsider", action: "kms:Decrypt", resource: "{alerts-key}", expected: "deny" },
    { id: "security-alerts.admin.publish", principal: "admin", action: "sns:Publish", resource: "{security-alerts-topic}", expected: "deny" },
    { id: "key-alerts.admin.publish", principal: "admin", action: "sns:Publish", resource: "{key-alerts-topic}", expected: "deny" },
    { id: "key-alerts.publish.insecure-transport", principal: "service:events.amazonaws.com", action: "sns:Publish", resource: "{key-alerts-topic}", context: { ...FROM("{security-kms-key-state-1}"), ...NO_TLS }, expected: "deny" },
    { id: "key-alerts.publish.other-account", principal: "service:events.amazonaws.com", action: "sns:Publish", resource: "{key-alerts-topic}", context: FROM("arn:{partition}:events:{region}:{otherAccount}:rule/theirs", "{otherAccount}"), expected: "deny" },
    { id: "security-alerts.outsider.subscribe", principal: "outsider", action: "sns:Subscribe", resource: "{security-alerts-topic}", expected: "deny" },
    { id: "key-alerts.outsider.subscribe", principal: "outsider", action: "sns:Subscribe", resource: "{key-alerts-topic}", expected: "deny" },
    { id: "notifications.outsider.subscribe", principal: "outsider", action: "sns:Subscribe", resource: "{notifications-topic}", expected: "deny" },
  ],
  operators: [
    { id: "operator.replay.receive", principal: operator, action: "sqs:ReceiveMessage", resource: "{image-processor-failures}", expected: "allow" },
    { id: "operator.replay.delete", principal: operator, action: "sqs:DeleteMessage", resource: "{image-processor-failures}", expected: "allow" },
    { id: "operator.replay.kms", principal: operator, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("sqs"), expected: "allow" },
    { id: "operator.replay.invoke", principal: operator, action: "lambda:InvokeFunction", resource: "{image-processor-function}", expected: "allow" },
    { id: "operator.audit-logs.read", principal: operator, action: "logs:FilterLogEvents", resource: "{security-audit-logs}", expected: "allow" },
    { id: "operator.trail-files.read", principal: operator, action: "s3:GetObject", resource: "{access-logs-bucket}/cloudtrail/AWSLogs/{account}/x.json.gz", expected: "allow", requires: ["security-trail"] },
    { id: "operator.trail-files.list", principal: operator, action: "s3:ListBucket", resource: "{access-logs-bucket}", context: { "s3:prefix": "cloudtrail/AWSLogs/" }, expected: "allow", requires: ["security-trail"] },
    { id: "operator.trail-files.kms", principal: operator, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "operator.replay.send", principal: operator, action: "sqs:SendMessage", resource: "{image-processor-failures}", expected: "deny" },
    { id: "operator.get.processed", principal: operator, action: "s3:GetObject", resource: PROCESSED, expected: "deny" },
    { id: "operator.access-logs.read", principal: operator, action: "s3:GetObject", resource: "{access-logs-bucket}/s3-access/images/x", expected: "deny" },
    { id: "operator.list.other-prefix", principal: operator, action: "s3:ListBucket", resource: "{access-logs-bucket}", context: { "s3:prefix": "s3-access/" }, expected: "deny" },
    { id: "operator.kms.direct", principal: operator, action: "kms:Decrypt", resource: "{pipeline-key}", expected: "deny" },
    { id: "operator.function.update", principal: operator, action: "lambda:UpdateFunctionCode", resource: "{image-processor-function}", expected: "deny" },
    { id: "operator.replay.other-queue", principal: operator, action: "sqs:ReceiveMessage", resource: "arn:{partition}:sqs:{region}:{account}:other-queue", expected: "deny" },
    { id: "operator.replay.other-function", principal: operator, action: "lambda:InvokeFunction", resource: "arn:{partition}:lambda:{region}:{account}:function:other", expected: "deny" },
    { id: "operator.kms.other-key", principal: operator, action: "kms:Decrypt", resource: OTHER_KEY, context: VIA("sqs"), expected: "deny" },
    { id: "operator.logs.other-group", principal: operator, action: "logs:FilterLogEvents", resource: "arn:{partition}:logs:{region}:{account}:log-group:other", expected: "deny" },
    { id: "operator.list.images-bucket", principal: operator, action: "s3:ListBucket", resource: "{images-bucket}", context: { "s3:prefix": "cloudtrail/" }, expected: "deny" },
    { id: "operator.assume", principal: "admin", action: "sts:AssumeRole", resource: "{clients-operator}", expected: "allow" },
    { id: "operator.assume.outsider", principal: "outsider", action: "sts:AssumeRole", resource: "{clients-operator}", expected: "deny" },
  ],
  administrators: [
    { id: "deployer.lambda-environment.encrypt", principal: "deployer", action: "kms:Encrypt", resource: "{pipeline-key}", context: VIA("lambda"), expected: "allow" },
    {
      id: "deployer.lambda-environment.grant",
      principal: "deployer",
      action: "kms:CreateGrant",
      resource: "{pipeline-key}",
      context: { ...VIA("lambda"), "kms:GrantIsForAWSResource": "true" },
      expected: "allow",
    },
    { id: "deployer.key-policy.update", principal: "deployer", action: "kms:PutKeyPolicy", resource: "{pipeline-key}", expected: "allow" },
    { id: "admin.key.disable", principal: "admin", action: "kms:DisableKey", resource: "{alerts-key}", expected: "allow" },
    { id: "admin.decrypt", principal: "admin", action: "kms:Decrypt", resource: "{pipeline-key}", expected: "deny" },
    { id: "admin.decrypt.via-s3", principal: "admin", action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("s3"), expected: "deny" },
    { id: "admin.encrypt.direct", principal: "admin", action: "kms:Encrypt", resource: "{pipeline-key}", expected: "deny" },
    { id: "admin.self-grant", principal: "admin", action: "kms:CreateGrant", resource: "{pipeline-key}", context: { "kms:GrantIsForAWSResource": "false" }, expected: "deny" },
    { id: "admin.publish.notifications", principal: "admin", action: "sns:Publish", resource: "{notifications-topic}", expected: "deny" },
    { id: "admin.kms.logs-encryption-context", principal: "admin", action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: { "kms:EncryptionContext:aws:logs:arn": "{security-audit-logs}" }, expected: "deny" },
    { id: "admin.alerts-key.grant", principal: "admin", action: "kms:CreateGrant", resource: "{alerts-key}", context: { ...VIA("lambda"), "kms:GrantIsForAWSResource": "true" }, expected: "deny" },
  ],
  guardduty: [
    { id: "guardduty.export.kms", principal: GD, action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: FROM("{security-guardduty}"), expected: "allow", requires: ["findings-bucket"] },
    { id: "guardduty.export.location", principal: GD, action: "s3:GetBucketLocation", resource: "{findings-bucket}", context: FROM("{security-guardduty}"), expected: "allow", requires: ["findings-bucket"] },
    { id: "guardduty.export.put", principal: GD, action: "s3:PutObject", resource: FINDING, context: { ...FINDING_SSE, ...FROM("{security-guardduty}") }, expected: "allow", requires: ["findings-bucket"] },
    { id: "guardduty.alert.publish", principal: "service:events.amazonaws.com", action: "sns:Publish", resource: "{security-alerts-topic}", context: FROM("{security-guardduty-high}"), expected: "allow" },
    { id: "findings.access-logs.put", principal: "service:logging.s3.amazonaws.com", action: "s3:PutObject", resource: "{access-logs-bucket}/s3-access/findings/x", context: FROM("{findings-bucket}"), expected: "allow", requires: ["findings-bucket"] },
    { id: "guardduty.export.kms.other-account", principal: GD, action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: FROM("arn:{partition}:guardduty:{region}:{otherAccount}:detector/theirs", "{otherAccount}"), expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.kms.other-detector", principal: GD, action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: FROM("arn:{partition}:guardduty:{region}:{account}:detector/another"), expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.put.other-account", principal: GD, action: "s3:PutObject", resource: FINDING, context: { ...FINDING_SSE, ...FROM("arn:{partition}:guardduty:{region}:{otherAccount}:detector/theirs", "{otherAccount}") }, expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.put.outside-prefix", principal: GD, action: "s3:PutObject", resource: "{findings-bucket}/elsewhere/x.jsonl.gz", context: { ...FINDING_SSE, ...FROM("{security-guardduty}") }, expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.put.other-key", principal: GD, action: "s3:PutObject", resource: FINDING, context: { ...FINDING_SSE, "s3:x-amz-server-side-encryption-aws-kms-key-id": "{alerts-key}", ...FROM("{security-guardduty}") }, expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.put.insecure-transport", principal: GD, action: "s3:PutObject", resource: FINDING, context: { ...FINDING_SSE, ...FROM("{security-guardduty}"), ...NO_TLS }, expected: "deny", requires: ["findings-bucket"] },
    // DSSE-KMS names the right key but another encryption: only the "aws:kms" requirement stops it.
    { id: "guardduty.export.put.dsse", principal: GD, action: "s3:PutObject", resource: FINDING, context: { ...FINDING_SSE, "s3:x-amz-server-side-encryption": "aws:kms:dsse", ...FROM("{security-guardduty}") }, expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.put.no-sse-headers", principal: GD, action: "s3:PutObject", resource: FINDING, context: FROM("{security-guardduty}"), expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.location.other-account", principal: GD, action: "s3:GetBucketLocation", resource: "{findings-bucket}", context: FROM("arn:{partition}:guardduty:{region}:{otherAccount}:detector/theirs", "{otherAccount}"), expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.kms.other-service", principal: "service:ec2.amazonaws.com", action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: FROM("{security-guardduty}"), expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.location.other-service", principal: "service:ec2.amazonaws.com", action: "s3:GetBucketLocation", resource: "{findings-bucket}", context: FROM("{security-guardduty}"), expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.export.put.other-service", principal: "service:ec2.amazonaws.com", action: "s3:PutObject", resource: FINDING, context: { ...FINDING_SSE, ...FROM("{security-guardduty}") }, expected: "deny", requires: ["findings-bucket"] },
    { id: "guardduty.images.put", principal: GD, action: "s3:PutObject", resource: UPLOAD, context: { ...SSE, ...FROM("{security-guardduty}") }, expected: "deny" },
    { id: "guardduty.export.delete", principal: GD, action: "s3:DeleteObject", resource: FINDING, context: FROM("{security-guardduty}"), expected: "deny", requires: ["findings-bucket"] },
  ],
  reprocess: [
    { id: "reprocess.assume", principal: "service:batchoperations.s3.amazonaws.com", action: "sts:AssumeRole", resource: "{reprocess-role}", context: FROM(JOB), expected: "allow" },
    { id: "reprocess.invoke", principal: reprocess, action: "lambda:InvokeFunction", resource: "{image-processor-function}", expected: "allow" },
    { id: "reprocess.manifest.get", principal: reprocess, action: "s3:GetObject", resource: MANIFEST, expected: "allow" },
    { id: "reprocess.manifest.get-version", principal: reprocess, action: "s3:GetObjectVersion", resource: MANIFEST, expected: "allow" },
    { id: "reprocess.manifest.kms", principal: reprocess, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "reprocess.report.put", principal: reprocess, action: "s3:PutObject", resource: REPORT, context: SSE, expected: "allow" },
    { id: "reprocess.report.kms", principal: reprocess, action: "kms:GenerateDataKey", resource: "{pipeline-key}", context: VIA("s3"), expected: "allow" },
    { id: "reprocess.bucket-location", principal: reprocess, action: "s3:GetBucketLocation", resource: "{images-bucket}", expected: "allow" },
    { id: "reprocess.assume.other-account", principal: "service:batchoperations.s3.amazonaws.com", action: "sts:AssumeRole", resource: "{reprocess-role}", context: FROM(JOB, "{otherAccount}"), expected: "deny" },
    { id: "reprocess.assume.other-service", principal: "service:lambda.amazonaws.com", action: "sts:AssumeRole", resource: "{reprocess-role}", context: FROM(JOB), expected: "deny" },
    { id: "reprocess.assume.admin", principal: "admin", action: "sts:AssumeRole", resource: "{reprocess-role}", expected: "deny" },
    { id: "reprocess.invoke.other-function", principal: reprocess, action: "lambda:InvokeFunction", resource: "arn:{partition}:lambda:{region}:{account}:function:another-function", expected: "deny" },
    { id: "reprocess.update-code", principal: reprocess, action: "lambda:UpdateFunctionCode", resource: "{image-processor-function}", expected: "deny" },
    { id: "reprocess.get.processed", principal: reprocess, action: "s3:GetObject", resource: PROCESSED, expected: "deny" },
    { id: "reprocess.get.uploads", principal: reprocess, action: "s3:GetObject", resource: UPLOAD, expected: "deny" },
    { id: "reprocess.put.manifest", principal: reprocess, action: "s3:PutObject", resource: MANIFEST, context: SSE, expected: "deny" },
    { id: "reprocess.put.uploads", principal: reprocess, action: "s3:PutObject", resource: UPLOAD, context: SSE, expected: "deny" },
    { id: "reprocess.report.delete", principal: reprocess, action: "s3:DeleteObject", resource: REPORT, expected: "deny" },
    { id: "reprocess.list", principal: reprocess, action: "s3:ListBucket", resource: "{images-bucket}", expected: "deny" },
    { id: "reprocess.kms.direct", principal: reprocess, action: "kms:Decrypt", resource: "{pipeline-key}", expected: "deny" },
    { id: "reprocess.kms.via-sns", principal: reprocess, action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("sns"), expected: "deny" },
    { id: "reprocess.alerts-key", principal: reprocess, action: "kms:Decrypt", resource: "{alerts-key}", context: VIA("s3"), expected: "deny" },
  ],
  outsiders: [
    { id: "anonymous.get.processed", principal: "anonymous", action: "s3:GetObject", resource: PROCESSED, expected: "deny" },
    { id: "anonymous.put.uploads", principal: "anonymous", action: "s3:PutObject", resource: UPLOAD, context: SSE, expected: "deny" },
    { id: "anonymous.publish.notifications", principal: "anonymous", action: "sns:Publish", resource: "{notifications-topic}", expected: "deny" },
    { id: "outsider.get.processed", principal: "outsider", action: "s3:GetObject", resource: PROCESSED, expected: "deny" },
    { id: "outsider.put.uploads", principal: "outsider", action: "s3:PutObject", resource: UPLOAD, context: SSE, expected: "deny" },
    { id: "outsider.kms.decrypt", principal: "outsider", action: "kms:Decrypt", resource: "{pipeline-key}", context: VIA("s3"), expected: "deny" },
    { id: "outsider.assume.uploader", principal: "outsider", action: "sts:AssumeRole", resource: "{clients-uploader}", expected: "deny" },
    { id: "outsider.failure-queue.receive", principal: "outsider", action: "sqs:ReceiveMessage", resource: "{image-processor-failures}", expected: "deny" },
    { id: "outsider.invoke", principal: "outsider", action: "lambda:InvokeFunction", resource: "{image-processor-function}", expected: "deny" },
    { id: "outsider.key.disable", principal: "outsider", action: "kms:DisableKey", resource: "{pipeline-key}", expected: "deny" },
    { id: "outsider.alerts-key.disable", principal: "outsider", action: "kms:DisableKey", resource: "{alerts-key}", expected: "deny" },
    { id: "outsider.grant", principal: "outsider", action: "kms:CreateGrant", resource: "{pipeline-key}", context: { "kms:ViaService": "lambda.{region}.amazonaws.com", "kms:CallerAccount": "{otherAccount}", "kms:GrantIsForAWSResource": "true" }, expected: "deny" },
  ],
};

export const FLOW_ROWS: readonly FlowRow[] = Object.values(FLOW_GROUPS).flat();
