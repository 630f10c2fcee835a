import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, checkedPhysicalName, definedOnly } from "./arg-checks";
import { alertInputTemplate, describeWithSeverity, Severity } from "./alert-severity";
import { auditBucketAlert } from "./audit-bucket-alerts";
import { awsContext } from "./aws-context";
import { LOG_RETENTION_DAYS } from "./aws-limits";
import { PolicyStatement } from "./policy-document";
import { LogWriter } from "./secure-bucket";
import { AccountSecurityBaseline, checkAccountArgs, type GuardDutyFindingsExport } from "./account-security-baseline";
import { type AccountServices, resolveAccountServices, usesService } from "./account-services";
import type { CisBenchmarkVersion } from "./cis-benchmark";

// Former homes of these names; they stay importable from here.
export { CIS_STANDARD, CONFIG_PREFIX, type GuardDutyFindingsExport } from "./account-security-baseline";

export interface SecurityBaselineArgs {
  /** CMK for the audit log group and the CloudTrail log files. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Key whose disable / scheduled-deletion / key-policy events are alerted on. Default: `kmsKeyArn`. Ignored when `keyAlerts` is set. */
  readonly watchedKeyArn?: pulumi.Input<string>;
  /**
   * Every key to watch and the topic its alerts go to. Give each key a topic that is encrypted
   * with a *different* key: an alert that a key was disabled cannot be delivered through a topic
   * under that same key. Default: `[{ keyArn: watchedKeyArn ?? kmsKeyArn, topicArn: securityTopicArn }]`.
   */
  readonly keyAlerts?: KeyAlert[];
  /** Topic for security events (key state changes, storage alarm). */
  readonly securityTopicArn: pulumi.Input<string>;
  /** Log-mode bucket receiving CloudTrail and Config deliveries (see `logWriters`). */
  readonly logBucketName: pulumi.Input<string>;
  /** Bucket whose size is watched by the storage alarm. */
  readonly storageBucketName: pulumi.Input<string>;
  /** Audit log group retention. Default 365 days (security policy 3.4). */
  readonly auditLogRetentionDays?: number;
  /** Storage alarm threshold. Default 4 GB (free tier is 5 GB, security policy 3.4). */
  readonly storageAlarmBytes?: number;
  /** CloudTrail trail (about $0 for the first management-event trail; S3 storage for the files). Default true. */
  readonly enableCloudTrail?: boolean;
  /** GuardDuty with S3 protection (30-day trial, then per GB of events). Default true. */
  readonly enableGuardDuty?: boolean;
  /** Security Hub with the CIS benchmark (30-day trial, then per check). Default true. */
  readonly enableSecurityHub?: boolean;
  /** The CIS AWS Foundations Benchmark version Security Hub subscribes to. Default: the newest, 5.0.0. */
  readonly cisBenchmarkVersion?: CisBenchmarkVersion;
  /** AWS Config recorder (per configuration item recorded). Default true. */
  readonly enableConfig?: boolean;
  /**
   * Per account-level service: create it, use the account's existing one, or leave it alone
   * (account-services.ts). The alternative to `enableGuardDuty`, `enableSecurityHub` and
   * `enableConfig` (true = create, false = none): one or the other per service. Default: create.
   */
  readonly services?: Partial<AccountServices>;
  /** Physical trail name (the log bucket policy names it before it exists). Default `<name>-<stack>-trail`. */
  readonly trailName?: string;
  /**
   * Export this stack's GuardDuty findings to S3 for retention beyond GuardDuty's 90 days (security
   * policy 3.4, "Indefinite"). The bucket and key policies must let `guardduty.amazonaws.com` write
   * (see `guardDutyExportStatements` and the key's `guardDutyDetectorArns`). Not with GuardDuty mode none.
   * Default: no export.
   */
  readonly findingsExport?: GuardDutyFindingsExport;
  /**
   * Buckets of audit records (log mode, or `auditObjects`) whose policy, versioning, lifecycle or
   * replication changes raise a Critical alert on `securityTopicArn`: the break-glass path around
   * their no-rewrite denies. Default none.
   */
  readonly auditBucketNames?: pulumi.Input<string>[];
}

/** A watched key and the topic its state changes are announced on. */
export interface KeyAlert {
  readonly keyArn: pulumi.Input<string>;
  readonly topicArn: pulumi.Input<string>;
}

/**
 * The KMS API calls a key-state alert fires on: the key stops working (disabled, deletion
 * scheduled, imported material deleted), stops rotating, or who may use it changes. The pack's
 * KEY_WEAKENING_CALLS (key-alerts-need-trail) is the same list; a test holds them equal.
 */
export const KEY_ALERT_EVENTS = ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "DisableKeyRotation", "DeleteImportedKeyMaterial"];
const KEY_ALERT_TITLE = "KMS key disabled, scheduled for deletion, its rotation turned off or its key policy changed";
/** GuardDuty finding severities (numeric) per alert severity: High 7.0-8.9, Critical 9.0-10.0. */
export const GUARDDUTY_SEVERITY_RANGES: Record<"High" | "Critical", (string | number)[]> = {
  High: [">=", 7, "<", 9],
  Critical: [">=", 9],
};

/**
 * Alert severity per GuardDuty finding severity. The policy gives findings no severity; the runbook
 * maps GuardDuty high and critical findings to Critical (respond immediately): a high finding such
 * as exfiltrated credentials cannot wait an hour.
 */
export const FINDING_ALERT_SEVERITY: Record<keyof typeof GUARDDUTY_SEVERITY_RANGES, Severity> = { High: "Critical", Critical: "Critical" };

/** Severities of the baseline's alerts (security policy 6.1). */
export const KMS_KEY_STATE_SEVERITY: Severity = "Critical";
export const STORAGE_ALARM_SEVERITY: Severity = "Medium";

export const SECURITY_BASELINE_DEFAULTS = {
  auditLogRetentionDays: 365,
  storageAlarmBytes: 4 * 1024 ** 3,
  enableCloudTrail: true,
  enableGuardDuty: true,
  enableSecurityHub: true,
  enableConfig: true,
} as const;

export const CLOUDTRAIL_PREFIX = "cloudtrail";

/** Event fields a KMS key-state alert shows (CloudTrail event via EventBridge). */
export const KMS_ALERT_PATHS: Record<string, string> = {
  eventName: "$.detail.eventName",
  keyId: "$.detail.requestParameters.keyId",
  actor: "$.detail.userIdentity.arn",
  sourceIp: "$.detail.sourceIPAddress",
  time: "$.time",
  account: "$.account",
  region: "$.region",
};

/** Finding fields a GuardDuty alert shows. */
export const GUARDDUTY_ALERT_PATHS: Record<string, string> = {
  title: "$.detail.title",
  findingType: "$.detail.type",
  findingSeverity: "$.detail.severity",
  description: "$.detail.description",
  resourceType: "$.detail.resource.resourceType",
  findingId: "$.detail.id",
  account: "$.detail.accountId",
  region: "$.detail.region",
  updatedAt: "$.detail.updatedAt",
};

/**
 * The statements a bucket policy needs so GuardDuty can export findings under `prefix`, only for
 * this account's detector (confused-deputy guard: aws:SourceAccount, and aws:SourceArn matched with
 * ArnLike, so `accountDetectorArnPattern(...)` admits the account's detector before it exists).
 */
export function guardDutyExportStatements(bucketArn: string, prefix: string, account: string, detectorArn: pulumi.Input<string>): PolicyStatement[] {
  const scope = { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": detectorArn } };
  return [
    {
      Sid: "AllowGuardDutyGetBucketLocation",
      Effect: "Allow",
      Principal: { Service: "guardduty.amazonaws.com" },
      Action: "s3:GetBucketLocation",
      Resource: bucketArn,
      Condition: scope,
    },
    {
      Sid: "AllowGuardDutyWriteFindings",
      Effect: "Allow",
      Principal: { Service: "guardduty.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${prefix}*`,
      Condition: scope,
    },
  ];
}

/** Default trail name: known before the trail exists, so the log bucket policy can name it. */
export function defaultTrailName(name: string): string {
  return `${name}-${pulumi.getStack()}-trail`;
}

/**
 * The log-bucket writers the baseline needs, for the log bucket's `logWriters`. AWS Config is not
 * one: it delivers with the recorder's own role (whose policy grants its prefix), and the bucket
 * policy names only the service principals that really write.
 */
export function baselineLogWriters(opts: { trailArn?: pulumi.Input<string> }): LogWriter[] {
  const writers: LogWriter[] = [];
  if (opts.trailArn !== undefined) {
    writers.push({
      id: "CloudTrail",
      service: "cloudtrail.amazonaws.com",
      keyPrefix: `${CLOUDTRAIL_PREFIX}/`,
      sourceArns: [opts.trailArn],
      needsAclCheck: true,
      writesOwnerFullControlAcl: true,
    });
  }
  return writers;
}

/**
 * Detection and audit (security policy 3.4, 3.5). Per stack: audit log group, CloudTrail, the KMS
 * key-state and GuardDuty-finding alerts and the storage alarm. Account-wide (GuardDuty, Security
 * Hub with CIS, AWS Config): an AccountSecurityBaseline child while any of `enableGuardDuty`,
 * `enableSecurityHub`, `enableConfig` is true (the default); in a second stack of the same account
 * set them false and keep one AccountSecurityBaseline elsewhere. Each paid service is behind a flag.
 */
export class SecurityBaseline extends pulumi.ComponentResource {
  readonly auditLogGroup: aws.cloudwatch.LogGroup;
  readonly trail?: aws.cloudtrail.Trail;
  readonly storageAlarm: aws.cloudwatch.MetricAlarm;
  /** The first key-state rule (`keyStateRules[0]`). */
  readonly keyStateRule: aws.cloudwatch.EventRule;
  /** One rule per watched key, in `keyAlerts` order. */
  readonly keyStateRules: aws.cloudwatch.EventRule[];
  /** The alert on changes to the audit buckets' protection (with `auditBucketNames`). */
  readonly auditBucketRule?: aws.cloudwatch.EventRule;
  /** EventBridge rules that send High and Critical GuardDuty findings (of any detector in the region) to the topic. */
  readonly findingRules: aws.cloudwatch.EventRule[];
  /** The account-wide part (GuardDuty, Security Hub, Config), when any of them is enabled. */
  readonly account?: AccountSecurityBaseline;
  readonly detector?: aws.guardduty.Detector;
  /** ARN of the stack's detector (with `enableGuardDuty`). */
  readonly detectorArn?: pulumi.Output<string>;

  constructor(name: string, args: SecurityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = { ...SECURITY_BASELINE_DEFAULTS, ...definedOnly(args) };
    const trailName = checkedPhysicalName("trailName", s.trailName ?? defaultTrailName(name), 128);
    const checks = new ArgumentConflicts("SecurityBaseline")
      .check(!LOG_RETENTION_DAYS.includes(s.auditLogRetentionDays), `auditLogRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${s.auditLogRetentionDays}`)
      .check(!(s.storageAlarmBytes > 0), `storageAlarmBytes must be positive, got ${s.storageAlarmBytes}`)
      .check(args.trailName !== undefined && !s.enableCloudTrail, "trailName is set but enableCloudTrail is false")
      .check(args.keyAlerts !== undefined && args.keyAlerts.length === 0, "keyAlerts must name at least one key (omit it to watch kmsKeyArn)");
    const services = resolveAccountServices(args, args.services, checks);
    checkAccountArgs(checks, s, services).throwIfAny();
    super("secure-image-pipeline:security:SecurityBaseline", name, {}, opts);
    const child = { parent: this };
    const ctx = awsContext(this);

    const auditLogGroupName = `/secure-image-pipeline/${name}/audit`;
    this.auditLogGroup = new aws.cloudwatch.LogGroup(`${name}-audit-logs`, { name: auditLogGroupName, retentionInDays: s.auditLogRetentionDays, kmsKeyId: s.kmsKeyArn }, child);
    // From the group's name, not its output: the trail role's policy is then known before the group exists.
    const auditLogStreams = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${auditLogGroupName}:*`;

    if (s.enableCloudTrail) {
      // CloudTrail writes to CloudWatch Logs through a role that may only write to the audit group.
      const trailRole = new aws.iam.Role(
        `${name}-trail-role`,
        {
          // Only this account's trail may use the role (confused-deputy protection).
          assumeRolePolicy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "CloudTrailAssumeRole",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                  StringEquals: { "aws:SourceAccount": ctx.accountId },
                  ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${trailName}` },
                },
              },
            ],
          }),
        },
        child,
      );
      const trailRolePolicy = new aws.iam.RolePolicy(
        `${name}-trail-logs`,
        {
          role: trailRole.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "WriteAuditLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: auditLogStreams }],
          }),
        },
        child,
      );
      this.trail = new aws.cloudtrail.Trail(
        `${name}-trail`,
        {
          name: trailName,
          s3BucketName: s.logBucketName,
          s3KeyPrefix: CLOUDTRAIL_PREFIX,
          kmsKeyId: s.kmsKeyArn,
          enableLogFileValidation: true,
          isMultiRegionTrail: true,
          includeGlobalServiceEvents: true,
          cloudWatchLogsGroupArn: pulumi.interpolate`${this.auditLogGroup.arn}:*`,
          cloudWatchLogsRoleArn: trailRole.arn,
        },
        { parent: this, dependsOn: [trailRolePolicy] },
      );
    }

    // The account-wide singletons live in AccountSecurityBaseline; created here (same name, so the
    // same child names) they carry aliases to their former URNs under this component.
    if (Object.values(services).some(usesService)) {
      this.account = new AccountSecurityBaseline(
        name,
        {
          logBucketName: s.logBucketName,
          services,
          cisBenchmarkVersion: s.cisBenchmarkVersion,
          findingsExport: s.findingsExport,
        },
        child,
        this,
      );
      this.detector = this.account.detector;
      this.detectorArn = this.account.detectorArn;
    }

    // Critical alert (security policy 6.1): a key disabled, scheduled for deletion or given a new policy.
    const keyAlerts = s.keyAlerts ?? [{ keyArn: s.watchedKeyArn ?? s.kmsKeyArn, topicArn: s.securityTopicArn }];
    this.keyStateRules = keyAlerts.map((alert, index) => {
      // The first rule keeps its original logical name (renaming would replace it).
      const ruleName = index === 0 ? `${name}-kms-key-state` : `${name}-kms-key-state-${index}`;
      const rule = new aws.cloudwatch.EventRule(
        ruleName,
        {
          description: KEY_ALERT_TITLE,
          eventPattern: pulumi.jsonStringify({
            source: ["aws.kms"],
            "detail-type": ["AWS API Call via CloudTrail"],
            detail: { eventSource: ["kms.amazonaws.com"], eventName: KEY_ALERT_EVENTS, resources: { ARN: [alert.keyArn] } },
          }),
        },
        child,
      );
      new aws.cloudwatch.EventTarget(
        `${ruleName}-alert`,
        {
          rule: rule.name,
          arn: alert.topicArn,
          inputTransformer: {
            inputPaths: KMS_ALERT_PATHS,
            inputTemplate: alertInputTemplate(KMS_KEY_STATE_SEVERITY, KEY_ALERT_TITLE, Object.keys(KMS_ALERT_PATHS)),
          },
        },
        child,
      );
      return rule;
    });
    this.keyStateRule = this.keyStateRules[0];
    if ((s.auditBucketNames ?? []).length > 0) {
      this.auditBucketRule = auditBucketAlert(`${name}-audit-bucket-change`, s.auditBucketNames ?? [], s.securityTopicArn, child);
    }

    // Security policy 6.3: GuardDuty findings reach the security team. High and Critical only;
    // lower findings stay in GuardDuty and Security Hub (and the S3 export). One rule per
    // GuardDuty severity, so the message names it.
    this.findingRules = (["High", "Critical"] as const).map((severity) => {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-guardduty-${severity.toLowerCase()}`,
        {
          description: `GuardDuty findings of severity ${severity} (${GUARDDUTY_SEVERITY_RANGES[severity].join(" ")})`,
          eventPattern: JSON.stringify({
            source: ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            detail: { severity: [{ numeric: GUARDDUTY_SEVERITY_RANGES[severity] }] },
          }),
        },
        child,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-guardduty-${severity.toLowerCase()}-alert`,
        {
          rule: rule.name,
          arn: s.securityTopicArn,
          inputTransformer: {
            inputPaths: GUARDDUTY_ALERT_PATHS,
            inputTemplate: alertInputTemplate(FINDING_ALERT_SEVERITY[severity], `GuardDuty ${severity} finding`, Object.keys(GUARDDUTY_ALERT_PATHS)),
          },
        },
        child,
      );
      return rule;
    });

    this.storageAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-storage`,
      {
        alarmDescription: describeWithSeverity(STORAGE_ALARM_SEVERITY, `Bucket larger than ${s.storageAlarmBytes} bytes (free tier 5 GB, security policy 3.4)`),
        namespace: "AWS/S3",
        metricName: "BucketSizeBytes",
        dimensions: { BucketName: s.storageBucketName, StorageType: "StandardStorage" },
        statistic: "Average",
        period: 86400,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: s.storageAlarmBytes,
        treatMissingData: "notBreaching",
        alarmActions: [s.securityTopicArn],
      },
      child,
    );
    this.registerOutputs({ auditLogGroupName: this.auditLogGroup.name, trailArn: this.trail?.arn });
  }
}
