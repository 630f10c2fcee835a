import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, definedOnly } from "./arg-checks";
import { type AccountServices, existingDetectorId, resolveAccountServices, usesService } from "./account-services";
import { awsContext } from "./aws-context";
import { CIS_BENCHMARK_VERSIONS, cisStandardPath, cisStandardsArn, DEFAULT_CIS_BENCHMARK_VERSION, type CisBenchmarkVersion } from "./cis-benchmark";

/** Where GuardDuty exports its findings for retention beyond its own 90 days. */
export interface GuardDutyFindingsExport {
  /** Bucket ARN; findings land under `<prefix>AWSLogs/<account>/GuardDuty/<region>/`. */
  readonly bucketArn: pulumi.Input<string>;
  /** Key prefix (ends with "/"), kept without expiry. */
  readonly prefix: string;
  /** KMS key GuardDuty encrypts the exported findings with. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The bucket policy and key that must exist first (GuardDuty test-writes on create). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export interface AccountSecurityBaselineArgs {
  /** Log-mode bucket AWS Config delivers its snapshots to, under `config/`. Required with `enableConfig`. */
  readonly logBucketName?: pulumi.Input<string>;
  /** GuardDuty with S3 protection (30-day trial, then per GB of events). Default true. */
  readonly enableGuardDuty?: boolean;
  /** Security Hub with the CIS benchmark (30-day trial, then per check). Default true. */
  readonly enableSecurityHub?: boolean;
  /** The CIS AWS Foundations Benchmark version Security Hub subscribes to. Default: the newest, 5.0.0. */
  readonly cisBenchmarkVersion?: CisBenchmarkVersion;
  /** AWS Config recorder (per configuration item recorded). Default true. */
  readonly enableConfig?: boolean;
  /**
   * Per service: create it, use the account's existing one, or leave it alone (account-services.ts).
   * The alternative to the `enable*` flags (true = create, false = none): give one or the other
   * for each service. Default: create all three.
   */
  readonly services?: Partial<AccountServices>;
  /**
   * Export the detector's findings to S3 for retention beyond GuardDuty's 90 days (security policy
   * 3.4, "Indefinite"). The bucket and key policies must let `guardduty.amazonaws.com` write (see
   * `guardDutyExportStatements`). Only with `enableGuardDuty`. Default: no export.
   */
  readonly findingsExport?: GuardDutyFindingsExport;
}

export const ACCOUNT_SECURITY_BASELINE_DEFAULTS = {
  enableGuardDuty: true,
  enableSecurityHub: true,
  enableConfig: true,
} as const;

export const CONFIG_PREFIX = "config";
/** The default benchmark's standard (`cis-aws-foundations-benchmark/v/<version>`). */
export const CIS_STANDARD = cisStandardPath(DEFAULT_CIS_BENCHMARK_VERSION);

/** Adds the problems of the account part's arguments to `checks` (SecurityBaseline reports them as its own). */
export function checkAccountArgs(
  checks: ArgumentConflicts,
  s: Pick<AccountSecurityBaselineArgs, "logBucketName" | "findingsExport" | "cisBenchmarkVersion">,
  services: AccountServices,
): ArgumentConflicts {
  return checks
    .check(services.configRecorder.mode === "create" && s.logBucketName === undefined, "logBucketName is required with enableConfig: AWS Config delivers its snapshots there")
    .check(
      s.cisBenchmarkVersion !== undefined && !(CIS_BENCHMARK_VERSIONS as readonly string[]).includes(s.cisBenchmarkVersion),
      `cisBenchmarkVersion must be one of ${CIS_BENCHMARK_VERSIONS.join(", ")}, got ${JSON.stringify(s.cisBenchmarkVersion)}`,
    )
    .check(
      s.findingsExport !== undefined && services.guardDuty.mode === "none",
      "findingsExport is set but enableGuardDuty is false (GuardDuty mode none): it exports the findings of the account's detector, created or existing",
    )
    .check(
      s.findingsExport !== undefined && !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/.test(s.findingsExport.prefix),
      `findingsExport.prefix must be a key prefix ending in "/", got "${s.findingsExport?.prefix}"`,
    );
}

/**
 * The account's detection services (security policy 3.5): a GuardDuty detector, Security Hub with
 * CIS and the AWS Config recorder. Each is a singleton per account and region, so create this once
 * per account (in one stack) and give the other stacks' SecurityBaseline `enableGuardDuty`,
 * `enableSecurityHub` and `enableConfig` false. Each paid service is behind a flag.
 */
export class AccountSecurityBaseline extends pulumi.ComponentResource {
  /** The detector this stack created (GuardDuty mode create). */
  readonly detector?: aws.guardduty.Detector;
  /** ARN of the account's detector, created or existing (GuardDuty mode create or existing). */
  readonly detectorArn?: pulumi.Output<string>;
  /** What the stack does with each account-level service. */
  readonly services: AccountServices;

  /**
   * @param formerParent Set only by SecurityBaseline, which held these children before they moved
   *   here: each child then carries an alias to its former URN, so deployed resources are kept.
   */
  constructor(name: string, args: AccountSecurityBaselineArgs, opts?: pulumi.ComponentResourceOptions, formerParent?: pulumi.Resource) {
    const s = definedOnly(args);
    const checks = new ArgumentConflicts("AccountSecurityBaseline");
    const services = resolveAccountServices(args, args.services, checks);
    checkAccountArgs(checks, s, services).throwIfAny();
    super("secure-image-pipeline:security:AccountSecurityBaseline", name, {}, opts);
    this.services = services;
    const moved: pulumi.CustomResourceOptions = formerParent === undefined ? {} : { aliases: [{ parent: formerParent }] };
    const child = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent: this, ...moved, ...extra });
    const ctx = awsContext(this);

    const guardDuty = services.guardDuty;
    if (guardDuty.mode !== "none") {
      let detectorId: pulumi.Output<string>;
      if (guardDuty.mode === "create") {
        const detector = new aws.guardduty.Detector(`${name}-guardduty`, { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" }, child());
        new aws.guardduty.DetectorFeature(`${name}-guardduty-s3`, { detectorId: detector.id, name: "S3_DATA_EVENTS", status: "ENABLED" }, child());
        this.detector = detector;
        this.detectorArn = detector.arn;
        detectorId = detector.id;
      } else {
        // The account's own detector: its settings and features stay as its owner set them.
        detectorId = existingDetectorId(guardDuty, this);
        this.detectorArn = pulumi.interpolate`arn:${ctx.partition}:guardduty:${ctx.region}:${ctx.accountId}:detector/${detectorId}`;
      }
      const exported = s.findingsExport;
      if (exported) {
        new aws.guardduty.PublishingDestination(
          `${name}-guardduty-findings-export`,
          {
            detectorId,
            destinationType: "S3",
            destinationArn: pulumi.interpolate`${exported.bucketArn}/${exported.prefix.replace(/\/$/, "")}`,
            kmsKeyArn: exported.kmsKeyArn,
          },
          child({ dependsOn: exported.dependsOn }),
        );
      }
    }

    if (usesService(services.securityHub)) {
      // An existing hub is subscribed to the CIS standard all the same; only a created one is waited for.
      const hub = services.securityHub.mode === "create" ? new aws.securityhub.Account(`${name}-securityhub`, { enableDefaultStandards: false }, child()) : undefined;
      new aws.securityhub.StandardsSubscription(
        `${name}-cis`,
        {
          standardsArn: pulumi
            .all([ctx.partition, ctx.region])
            .apply(([partition, region]) => cisStandardsArn(args.cisBenchmarkVersion ?? DEFAULT_CIS_BENCHMARK_VERSION, partition, region)),
        },
        child({ dependsOn: hub ? [hub] : [] }),
      );
    }

    // An existing recorder keeps its own role and delivery channel: the stack adds none.
    if (services.configRecorder.mode === "create" && s.logBucketName !== undefined) {
      const logBucketName = s.logBucketName;
      const configRole = new aws.iam.Role(
        `${name}-config-role`,
        {
          // Config sends aws:SourceAccount (not a recorder ARN) when it assumes the role.
          assumeRolePolicy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "ConfigAssumeRole",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
              },
            ],
          }),
        },
        child(),
      );
      new aws.iam.RolePolicyAttachment(
        `${name}-config-role-policy`,
        { role: configRole.name, policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/service-role/AWS_ConfigRole` },
        child(),
      );
      // With a role of its own (not the service-linked role), Config delivers to S3 with this role's
      // permissions: its prefix and the ACL check, nothing else in the bucket.
      const logBucketArn = pulumi.interpolate`arn:${ctx.partition}:s3:::${logBucketName}`;
      const deliveryPolicy = new aws.iam.RolePolicy(
        `${name}-config-delivery-policy`,
        {
          role: configRole.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "CheckLogBucketAcl", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: logBucketArn },
              {
                Sid: "WriteConfigPrefix",
                Effect: "Allow",
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${logBucketArn}/${CONFIG_PREFIX}/AWSLogs/${ctx.accountId}/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
              },
            ],
          }),
        },
        child(),
      );
      const recorder = new aws.cfg.Recorder(
        `${name}-config-recorder`,
        { roleArn: configRole.arn, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
        child(),
      );
      const channel = new aws.cfg.DeliveryChannel(
        `${name}-config-delivery`,
        { s3BucketName: logBucketName, s3KeyPrefix: CONFIG_PREFIX, snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" } },
        child({ dependsOn: [recorder, deliveryPolicy] }),
      );
      new aws.cfg.RecorderStatus(`${name}-config-status`, { name: recorder.name, isEnabled: true }, child({ dependsOn: [channel] }));
    }
    this.registerOutputs({ detectorArn: this.detectorArn });
  }
}
