/**
 * The dev stack as index.ts builds it (offline mocks): the audit buckets' no-rewrite denies and the
 * alert on their break-glass path, and the failure queue's TLS-only policy, exactly as requested.
 * Proves what the program asks AWS for; the flow rows (`audit.*`, `*.insecure-transport`) prove
 * what those policies decide, and the pack's transport rules that every queue keeps one.
 */
import { AUDIT_BUCKET_ALERT_EVENTS, AUDIT_DELETE_ACTIONS, AUDIT_WRITE_ACTIONS } from "../../components/audit-objects";
import { policyOf, single } from "../../offline/records";
import type { ProgramRun } from "../../offline/run-program";
import { loadDevStack } from "./support/dev-stack";

let run: ProgramRun;
beforeAll(async () => {
  run = await loadDevStack();
}, 120_000);

const bucket = (name: string) => single(run, "aws:s3/bucket:Bucket", `${name}-bucket`);
const statement = (bucketName: string, sid: string) => policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", `${bucketName}-policy`)).Statement.find((s) => s.Sid === sid);

it("the log bucket denies object writes to all but AWS services and Config's delivery role, and deletes to everyone", () => {
  const arn = bucket("access-logs").outputs.arn as string;
  expect(statement("access-logs", "DenyAuditWritesExceptDeliveringServices")).toEqual({
    Sid: "DenyAuditWritesExceptDeliveringServices",
    Effect: "Deny",
    Principal: "*",
    Action: AUDIT_WRITE_ACTIONS,
    Resource: `${arn}/*`,
    Condition: { Bool: { "aws:PrincipalIsAWSService": "false" }, ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::123456789012:role/security-config-role-*"] } },
  });
  expect(statement("access-logs", "DenyAuditDeletes")).toEqual({ Sid: "DenyAuditDeletes", Effect: "Deny", Principal: "*", Action: AUDIT_DELETE_ACTIONS, Resource: `${arn}/*` });
  expect(single(run, "aws:s3/bucketVersioning:BucketVersioning", "access-logs-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
});

it("the pattern names the Config role the program creates", () => {
  const role = single(run, "aws:iam/role:Role", "security-config-role");
  expect(String(role.outputs.arn)).toMatch(/^arn:aws:iam::123456789012:role\/security-config-role-[0-9a-f]+$/);
});

it("the findings bucket denies writes to all but AWS services, and deletes to everyone", () => {
  const arn = bucket("findings").outputs.arn as string;
  expect(statement("findings", "DenyAuditWritesExceptDeliveringServices")).toEqual({
    Sid: "DenyAuditWritesExceptDeliveringServices",
    Effect: "Deny",
    Principal: "*",
    Action: AUDIT_WRITE_ACTIONS,
    Resource: `${arn}/*`,
    Condition: { Bool: { "aws:PrincipalIsAWSService": "false" } },
  });
  expect(statement("findings", "DenyAuditDeletes")).toEqual({ Sid: "DenyAuditDeletes", Effect: "Deny", Principal: "*", Action: AUDIT_DELETE_ACTIONS, Resource: `${arn}/*` });
});

it("a change to either audit bucket's policy, versioning, lifecycle or replication raises a Critical security alert", () => {
  const rule = single(run, "aws:cloudwatch/eventRule:EventRule", "security-audit-bucket-change");
  expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual({
    source: ["aws.s3"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: {
      eventSource: ["s3.amazonaws.com"],
      eventName: AUDIT_BUCKET_ALERT_EVENTS,
      requestParameters: { bucketName: [bucket("access-logs").outputs.bucket, bucket("findings").outputs.bucket] },
    },
  });
  const target = single(run, "aws:cloudwatch/eventTarget:EventTarget", "security-audit-bucket-change-alert");
  expect(target.inputs.arn).toBe(single(run, "aws:sns/topic:Topic", "security-alerts-topic").outputs.arn);
  expect(JSON.parse(String((target.inputs.inputTransformer as { inputTemplate: string }).inputTemplate).replace(/<(\w+)>/g, '"$1"'))).toMatchObject({ severity: "Critical" });
});

it("the failure queue has a policy, and it refuses every request without TLS", () => {
  const queue = single(run, "aws:sqs/queue:Queue", "image-processor-failures");
  const policy = single(run, "aws:sqs/queuePolicy:QueuePolicy", "image-processor-failures-policy");
  expect(policy.inputs.queueUrl).toBe(queue.outputs.url ?? queue.id);
  expect(policyOf(policy)).toEqual({
    Version: "2012-10-17",
    Statement: [
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queue.outputs.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  });
});
