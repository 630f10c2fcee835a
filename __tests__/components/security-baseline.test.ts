/** SecurityBaseline under mocks: proves which detection services are requested and how, not that they run. */
import * as pulumi from "@pulumi/pulumi";
import { AccountSecurityBaseline, guardDutyExportStatements, SecurityBaseline, SecurityBaselineArgs } from "../../components";
import { childrenOf, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const ACCOUNT = "123456789012";
const ARGS: SecurityBaselineArgs = {
  kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
  securityTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts-4d5e6f7`,
  logBucketName: "logs-bucket-1234567",
  storageBucketName: "images-bucket-1a2b3c4",
};

const EXPORT = { bucketArn: "arn:aws:s3:::findings-bucket-9f8e7d6", prefix: "guardduty/", kmsKeyArn: ARGS.kmsKeyArn };

/** Each descendant's name, type and aliases, as its registration asks for them (the mock records omit aliases). */
const moves: { name: string; type: string; aliases: pulumi.Input<pulumi.URN | pulumi.Alias>[] }[] = [];
const recordMove: pulumi.ResourceTransformation = (args) => {
  if (args.type.startsWith("aws:")) moves.push({ name: args.name, type: args.type, aliases: args.opts.aliases ?? [] });
  return undefined;
};
const promiseOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      new SecurityBaseline("full", { ...ARGS, findingsExport: EXPORT }, { transformations: [recordMove] });
      new AccountSecurityBaseline("org", { logBucketName: ARGS.logBucketName }, { transformations: [recordMove] });
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

const childTypes = (name: string) =>
  childrenOf(run, single(run, "secure-image-pipeline:security:SecurityBaseline", name))
    .map((r) => r.type)
    .sort();

const ACCOUNT_CHILD_TYPES = [
  "aws:cfg/deliveryChannel:DeliveryChannel",
  "aws:cfg/recorder:Recorder",
  "aws:cfg/recorderStatus:RecorderStatus",
  "aws:guardduty/detector:Detector",
  "aws:guardduty/detectorFeature:DetectorFeature",
  "aws:guardduty/publishingDestination:PublishingDestination",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:securityhub/account:Account",
  "aws:securityhub/standardsSubscription:StandardsSubscription",
];

test("defaults enable every service the security policy lists: the per-stack part and the account part", () => {
  expect(childTypes("full")).toEqual([
    "aws:cloudtrail/trail:Trail",
    ...Array(3).fill("aws:cloudwatch/eventRule:EventRule"),
    ...Array(3).fill("aws:cloudwatch/eventTarget:EventTarget"),
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "secure-image-pipeline:security:AccountSecurityBaseline",
  ]);
  const account = single(run, "secure-image-pipeline:security:AccountSecurityBaseline", "full");
  expect(
    childrenOf(run, account)
      .map((r) => r.type)
      .sort(),
  ).toEqual(ACCOUNT_CHILD_TYPES);
});

test("AccountSecurityBaseline alone: the account's singletons, once, with the same names", () => {
  const account = single(run, "secure-image-pipeline:security:AccountSecurityBaseline", "org");
  expect(account.parent).toBeNull(); // a root component, not inside a SecurityBaseline
  expect(
    childrenOf(run, account)
      .map((r) => r.name)
      .sort(),
  ).toEqual([
    "org-cis",
    "org-config-delivery",
    "org-config-delivery-policy",
    "org-config-recorder",
    "org-config-role",
    "org-config-role-policy",
    "org-config-status",
    "org-guardduty",
    "org-guardduty-s3",
    "org-securityhub",
  ]);
});

test("the singletons that moved into AccountSecurityBaseline carry an alias to their URN under SecurityBaseline, so deployed stacks keep them", async () => {
  const baselineUrn = single(run, "secure-image-pipeline:security:SecurityBaseline", "full").urn;
  const [prefix, baselineName] = baselineUrn.split("::secure-image-pipeline:security:SecurityBaseline::");
  expect(baselineName).toBe("full");
  const moved = moves.filter((m) => m.name.startsWith("full-") && m.aliases.length > 0);
  expect(moved.map((m) => m.type).sort()).toEqual(ACCOUNT_CHILD_TYPES);
  // The per-stack children did not move: they keep their URNs and need no alias.
  const stayed = childrenOf(run, single(run, "secure-image-pipeline:security:SecurityBaseline", "full")).filter((r) => r.type.startsWith("aws:"));
  expect(stayed.map((r) => moves.find((m) => m.type === r.type && m.name === r.name)?.aliases)).toEqual(stayed.map(() => []));
  for (const child of moved) {
    expect(child.aliases).toHaveLength(1);
    const alias = child.aliases[0] as pulumi.Alias;
    const aliasUrn = await promiseOf(pulumi.createUrn(alias.name ?? child.name, alias.type ?? child.type, alias.parent as pulumi.Resource));
    // The URN these resources had before the split, written out: SecurityBaseline was their parent.
    expect(aliasUrn).toBe(`${prefix}::secure-image-pipeline:security:SecurityBaseline$${child.type}::${child.name}`);
    const current = run.resources.find((r) => r.type === child.type && r.name === child.name);
    expect(current?.parent).toBe(single(run, "secure-image-pipeline:security:AccountSecurityBaseline", "full").urn);
  }
  // Created on its own, nothing moved: no aliases.
  expect(moves.filter((m) => m.name.startsWith("org-")).every((m) => m.aliases.length === 0)).toBe(true);
});

test("each paid service is behind its flag: with all off only the audit group, the key and GuardDuty alerts and the storage alarm remain", () => {
  expect(childTypes("minimal")).toEqual([
    ...Array(3).fill("aws:cloudwatch/eventRule:EventRule"),
    ...Array(3).fill("aws:cloudwatch/eventTarget:EventTarget"),
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
  ]);
  expect(single(run, "aws:cloudwatch/logGroup:LogGroup", "minimal-audit-logs").inputs.retentionInDays).toBe(731);
  expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "minimal-storage").inputs.threshold).toBe(1024 ** 3);
  expect(JSON.parse(single(run, "aws:cloudwatch/eventRule:EventRule", "minimal-kms-key-state").inputs.eventPattern as string).detail).toEqual({
    eventSource: ["kms.amazonaws.com"],
    eventName: ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "DisableKeyRotation", "DeleteImportedKeyMaterial"],
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
    {
      Sid: "ConfigAssumeRole",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    },
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

describe("alerts carry their severity (security policy 6.1)", () => {
  test("the storage alarm is Medium, in its description", () => {
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "full-storage").inputs.alarmDescription).toBe(
      "Medium: Bucket larger than 4294967296 bytes (free tier 5 GB, security policy 3.4)",
    );
  });

  test("the KMS key-state alert is a Critical JSON message built by an input transformer", () => {
    const target = single(run, "aws:cloudwatch/eventTarget:EventTarget", "full-kms-key-state-alert").inputs;
    expect(target.arn).toBe(ARGS.securityTopicArn);
    expect(target.inputTransformer).toEqual({
      inputPaths: {
        eventName: "$.detail.eventName",
        keyId: "$.detail.requestParameters.keyId",
        actor: "$.detail.userIdentity.arn",
        sourceIp: "$.detail.sourceIPAddress",
        time: "$.time",
        account: "$.account",
        region: "$.region",
      },
      inputTemplate:
        '{"severity":"Critical","responseTime":"Immediate","alert":"KMS key disabled, scheduled for deletion, its rotation turned off or its key policy changed","eventName":<eventName>,"keyId":<keyId>,"actor":<actor>,"sourceIp":<sourceIp>,"time":<time>,"account":<account>,"region":<region>}',
    });
  });

  test("GuardDuty high (7.0-8.9) and critical (9.0+) findings go out as Critical alerts naming the finding's severity and fields", () => {
    for (const [name, label, numeric] of [
      ["high", "High", [">=", 7, "<", 9]],
      ["critical", "Critical", [">=", 9]],
    ] as const) {
      const rule = single(run, "aws:cloudwatch/eventRule:EventRule", `full-guardduty-${name}`);
      expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual({
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric }] },
      });
      const target = single(run, "aws:cloudwatch/eventTarget:EventTarget", `full-guardduty-${name}-alert`).inputs;
      expect(target.rule).toBe(rule.outputs.name);
      expect(target.arn).toBe(ARGS.securityTopicArn);
      const transformer = target.inputTransformer as { inputPaths: Record<string, string>; inputTemplate: string };
      expect(transformer.inputPaths).toEqual({
        title: "$.detail.title",
        findingType: "$.detail.type",
        findingSeverity: "$.detail.severity",
        description: "$.detail.description",
        resourceType: "$.detail.resource.resourceType",
        findingId: "$.detail.id",
        account: "$.detail.accountId",
        region: "$.detail.region",
        updatedAt: "$.detail.updatedAt",
      });
      // EventBridge substitutes each <variable> with its JSON value: the result is the JSON below.
      const sample: Record<string, unknown> = {
        title: 'Bucket "b" is public',
        findingType: "Policy:S3/BucketBlockPublicAccessDisabled",
        findingSeverity: 8,
        description: "line1\nline2",
        resourceType: "S3Bucket",
        findingId: "f1",
        account: ACCOUNT,
        region: "us-east-1",
        updatedAt: "2026-12-01T00:00:00Z",
      };
      const rendered = transformer.inputTemplate.replace(/<(\w+)>/g, (_m, k: string) => JSON.stringify(sample[k]));
      expect(JSON.parse(rendered)).toEqual({ severity: "Critical", responseTime: "Immediate", alert: `GuardDuty ${label} finding`, ...sample });
    }
  });
});

describe("GuardDuty findings export", () => {
  test("the stack's detector publishes findings to the bucket prefix under the given key, after the bucket policy and key exist", () => {
    const detector = single(run, "aws:guardduty/detector:Detector", "full-guardduty");
    expect(single(run, "aws:guardduty/publishingDestination:PublishingDestination", "full-guardduty-findings-export").inputs).toEqual({
      detectorId: detector.id,
      destinationType: "S3",
      destinationArn: `${EXPORT.bucketArn}/guardduty`,
      kmsKeyArn: ARGS.kmsKeyArn,
    });
  });

  test("an export without the stack's detector, or with a bad prefix, is refused", () => {
    expect(() => new SecurityBaseline("x", { ...ARGS, enableGuardDuty: false, findingsExport: EXPORT })).toThrow(/findingsExport is set but enableGuardDuty is false/);
    expect(() => new SecurityBaseline("y", { ...ARGS, findingsExport: { ...EXPORT, prefix: "guardduty" } })).toThrow(
      /findingsExport.prefix must be a key prefix ending in "\/", got "guardduty"/,
    );
  });

  test("the bucket statements let only GuardDuty, for this account's detector, locate the bucket and write under the prefix", () => {
    const detectorArn = `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/abc`;
    const scope = { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": detectorArn } };
    expect(guardDutyExportStatements("arn:aws:s3:::f", "guardduty/", ACCOUNT, detectorArn)).toEqual([
      {
        Sid: "AllowGuardDutyGetBucketLocation",
        Effect: "Allow",
        Principal: { Service: "guardduty.amazonaws.com" },
        Action: "s3:GetBucketLocation",
        Resource: "arn:aws:s3:::f",
        Condition: scope,
      },
      {
        Sid: "AllowGuardDutyWriteFindings",
        Effect: "Allow",
        Principal: { Service: "guardduty.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::f/guardduty/*",
        Condition: scope,
      },
    ]);
  });
});
