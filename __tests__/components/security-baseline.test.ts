/** SecurityBaseline under mocks: proves which detection services are requested and how, not that they run. */
import { SecurityBaseline, SecurityBaselineArgs } from "../../components";
import { childrenOf, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const ACCOUNT = "123456789012";
const ARGS: SecurityBaselineArgs = {
  kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
  securityTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts-4d5e6f7`,
  logBucketName: "logs-bucket-1234567",
  storageBucketName: "images-bucket-1a2b3c4",
};

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      new SecurityBaseline("full", ARGS);
      new SecurityBaseline("minimal", {
        ...ARGS,
        enableCloudTrail: false,
        enableGuardDuty: false,
        enableSecurityHub: false,
        enableConfig: false,
        auditLogRetentionDays: 731,
        storageAlarmBytes: 1024 ** 3,
        watchedKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`,
      });
      new SecurityBaseline("two-keys", {
        ...ARGS,
        enableCloudTrail: false,
        enableGuardDuty: false,
        enableSecurityHub: false,
        enableConfig: false,
        keyAlerts: [
          { keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/data`, topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:under-alerts-key` },
          { keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/alerts`, topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:under-data-key` },
        ],
      });
      return {};
    },
  });
}, 120_000);

const childTypes = (name: string) => childrenOf(run, single(run, "secure-image-pipeline:security:SecurityBaseline", name)).map((r) => r.type).sort();

test("defaults enable every service the security policy lists", () => {
  expect(childTypes("full")).toEqual([
    "aws:cfg/deliveryChannel:DeliveryChannel",
    "aws:cfg/recorder:Recorder",
    "aws:cfg/recorderStatus:RecorderStatus",
    "aws:cloudtrail/trail:Trail",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:guardduty/detector:Detector",
    "aws:guardduty/detectorFeature:DetectorFeature",
    "aws:iam/role:Role",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:securityhub/account:Account",
    "aws:securityhub/standardsSubscription:StandardsSubscription",
  ]);
});

test("each paid service is behind its flag: with all off only the audit group, the key alert and the storage alarm remain", () => {
  expect(childTypes("minimal")).toEqual([
    "aws:cloudwatch/eventRule:EventRule",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
  ]);
  expect(single(run, "aws:cloudwatch/logGroup:LogGroup", "minimal-audit-logs").inputs.retentionInDays).toBe(731);
  expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "minimal-storage").inputs.threshold).toBe(1024 ** 3);
  expect(JSON.parse(single(run, "aws:cloudwatch/eventRule:EventRule", "minimal-kms-key-state").inputs.eventPattern as string).detail).toEqual({
    eventSource: ["kms.amazonaws.com"],
    eventName: ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy"],
    resources: { ARN: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/other`] },
  });
});

test("keyAlerts: one rule per key, each to its own topic (a key's alerts must not travel under that key)", () => {
  const rules = ["two-keys-kms-key-state", "two-keys-kms-key-state-1"].map((name) => single(run, "aws:cloudwatch/eventRule:EventRule", name));
  expect(rules.map((r) => (JSON.parse(r.inputs.eventPattern as string) as { detail: { resources: unknown } }).detail.resources)).toEqual([
    { ARN: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/data`] },
    { ARN: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/alerts`] },
  ]);
  expect(["two-keys-kms-key-state-alert", "two-keys-kms-key-state-1-alert"].map((name) => single(run, "aws:cloudwatch/eventTarget:EventTarget", name).inputs)).toEqual([
    expect.objectContaining({ rule: rules[0].outputs.name, arn: `arn:aws:sns:us-east-1:${ACCOUNT}:under-alerts-key` }),
    expect.objectContaining({ rule: rules[1].outputs.name, arn: `arn:aws:sns:us-east-1:${ACCOUNT}:under-data-key` }),
  ]);
  expect(() => new SecurityBaseline("none", { ...ARGS, keyAlerts: [] })).toThrow("keyAlerts must name at least one key (omit it to watch kmsKeyArn)");
});

test("CloudTrail's role may only write to the audit log group", () => {
  const audit = single(run, "aws:cloudwatch/logGroup:LogGroup", "full-audit-logs");
  expect(policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "full-trail-logs"))).toEqual({
    Version: "2012-10-17",
    Statement: [{ Sid: "WriteAuditLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${audit.outputs.arn}:*` }],
  });
  expect(policyOf(single(run, "aws:iam/role:Role", "full-trail-role"), "assumeRolePolicy")).toEqual({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CloudTrailAssumeRole",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/full-dev-trail` } },
      },
    ],
  });
  expect(single(run, "aws:cloudtrail/trail:Trail", "full-trail").inputs.name).toBe("full-dev-trail");
});

test("the Config role: AWS_ConfigRole to record, its own prefix to deliver, and only Config of this account can assume it", () => {
  expect(single(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "full-config-role-policy").inputs.policyArn).toBe("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole");
  expect(policyOf(single(run, "aws:iam/role:Role", "full-config-role"), "assumeRolePolicy").Statement).toEqual([
    { Sid: "ConfigAssumeRole", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
  ]);
  const delivery = single(run, "aws:iam/rolePolicy:RolePolicy", "full-config-delivery-policy");
  expect(delivery.inputs.role).toBe(single(run, "aws:iam/role:Role", "full-config-role").id);
  expect(policyOf(delivery).Statement).toEqual([
    { Sid: "CheckLogBucketAcl", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: "arn:aws:s3:::logs-bucket-1234567" },
    {
      Sid: "WriteConfigPrefix",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::logs-bucket-1234567/config/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ]);
});

test("invalid retention, threshold and a trail name without a trail are reported together", () => {
  expect(() => new SecurityBaseline("bad", { ...ARGS, auditLogRetentionDays: 100, storageAlarmBytes: 0, enableCloudTrail: false, trailName: "t" })).toThrow(
    "SecurityBaseline: invalid arguments:\n" +
      "- auditLogRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 100\n" +
      "- storageAlarmBytes must be positive, got 0\n" +
      "- trailName is set but enableCloudTrail is false",
  );
});
