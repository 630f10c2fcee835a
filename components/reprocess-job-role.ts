import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, checkedPhysicalName, definedOnly } from "./arg-checks";
import { awsContext } from "./aws-context";
import type { ViaServiceKeyUser } from "./encryption-key";
import { PolicyStatement, policyDocument, policyJson } from "./policy-document";
import { REPROCESS_JOB_DEFAULTS } from "./reprocess-prefixes";

export interface ReprocessJobRoleArgs {
  /** Physical role name, so the key policy can name the role before it exists. */
  readonly roleName: string;
  /** The images bucket: the manifests are read from it and the reports written to it. */
  readonly bucketArn: pulumi.Input<string>;
  /** The one function the job may invoke (unqualified ARN). */
  readonly functionArn: pulumi.Input<string>;
  /** The bucket's SSE-KMS key: manifests are decrypted and reports encrypted with it, through S3 only. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Where the reprocess command writes job manifests. Default `batch-operations/manifests/`. */
  readonly manifestPrefix?: string;
  /** Where Batch Operations writes job reports. Default `batch-operations/reports/`. */
  readonly reportPrefix?: string;
  /** Prefixes the job's prefixes must not overlap (the uploads and the processed images). */
  readonly reservedPrefixes?: readonly string[];
}

export { REPROCESS_JOB_DEFAULTS };

/** The resolved values the role's documents are built from. */
export interface ReprocessJobArns {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly bucketArn: string;
  readonly functionArn: string;
  readonly keyArn: string;
  readonly manifestPrefix: string;
  readonly reportPrefix: string;
}

/**
 * Only S3 Batch Operations may assume the role, and only for jobs of this account in this
 * region (confused-deputy conditions: another account's job cannot borrow it).
 */
export function reprocessTrustStatements(a: Pick<ReprocessJobArns, "account" | "region" | "partition">): PolicyStatement[] {
  return [
    {
      Sid: "S3BatchOperationsAssumeRole",
      Effect: "Allow",
      Principal: { Service: "batchoperations.s3.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": a.account },
        ArnLike: { "aws:SourceArn": `arn:${a.partition}:s3:${a.region}:${a.account}:job/*` },
      },
    },
  ];
}

/**
 * What a reprocess job does and nothing else: read its manifest, invoke the image function,
 * write its report, and use the bucket's key for those objects only through S3.
 */
export function reprocessJobStatements(a: ReprocessJobArns): PolicyStatement[] {
  return [
    { Sid: "InvokeImageFunction", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: a.functionArn },
    { Sid: "ReadManifests", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${a.bucketArn}/${a.manifestPrefix}*` },
    { Sid: "WriteReports", Effect: "Allow", Action: "s3:PutObject", Resource: `${a.bucketArn}/${a.reportPrefix}*` },
    // Batch Operations checks the report bucket's region before the job starts.
    { Sid: "LocateReportBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: a.bucketArn },
    {
      Sid: "UseDataKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: a.keyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
    },
  ];
}

/**
 * The role an S3 Batch Operations reprocess job runs as (`npm run reprocess`). Its inline policy
 * is also its permissions boundary, and the stack owns its policies exclusively, so nothing
 * attached later widens it.
 */
export class ReprocessJobRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly arn: pulumi.Output<string>;
  readonly manifestPrefix: string;
  readonly reportPrefix: string;

  constructor(name: string, args: ReprocessJobRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = { ...REPROCESS_JOB_DEFAULTS, ...definedOnly(args) };
    const roleName = checkedPhysicalName("roleName", s.roleName);
    const prefixes = [s.manifestPrefix, s.reportPrefix];
    const checks = new ArgumentConflicts("ReprocessJobRole");
    for (const prefix of prefixes) checks.check(!/^([A-Za-z0-9!_.*'()-]+\/)+$/.test(prefix), `prefix "${prefix}" must be a key prefix ending in "/"`);
    for (const [i, prefix] of [...prefixes, ...(s.reservedPrefixes ?? [])].entries()) {
      for (const other of [...prefixes, ...(s.reservedPrefixes ?? [])].slice(i + 1)) {
        checks.check(prefix.startsWith(other) || other.startsWith(prefix), `prefixes "${prefix}" and "${other}" must not overlap`);
      }
    }
    checks.throwIfAny();
    super("secure-image-pipeline:compute:ReprocessJobRole", name, {}, opts);
    const child = { parent: this };
    const ctx = awsContext(this);
    this.manifestPrefix = s.manifestPrefix;
    this.reportPrefix = s.reportPrefix;

    const arns = pulumi
      .all([ctx.accountId, ctx.region, ctx.partition, s.bucketArn, s.functionArn, s.kmsKeyArn])
      .apply(([account, region, partition, bucketArn, functionArn, keyArn]): ReprocessJobArns => ({
        account,
        region,
        partition,
        bucketArn,
        functionArn,
        keyArn,
        manifestPrefix: s.manifestPrefix,
        reportPrefix: s.reportPrefix,
      }));
    const policy = arns.apply((a) => policyJson(policyDocument(reprocessJobStatements(a))));
    const boundary = new aws.iam.Policy(`${name}-boundary`, { description: `Permissions boundary for ${roleName}: what a reprocess job does`, policy }, child);
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        name: roleName,
        // From the account, region and partition only: known before the bucket, function and key exist.
        assumeRolePolicy: pulumi
          .all([ctx.accountId, ctx.region, ctx.partition])
          .apply(([account, region, partition]) => policyJson(policyDocument(reprocessTrustStatements({ account, region, partition })))),
        permissionsBoundary: boundary.arn,
      },
      child,
    );
    const inline = new aws.iam.RolePolicy(`${name}-policy`, { role: this.role.id, policy }, child);
    new aws.iam.RolePolicyAttachmentsExclusive(`${name}-no-managed-policies`, { roleName: this.role.name, policyArns: [] }, child);
    new aws.iam.RolePoliciesExclusive(`${name}-only-inline-policy`, { roleName: this.role.name, policyNames: [inline.name] }, child);
    this.arn = this.role.arn;
    this.registerOutputs({ arn: this.arn });
  }
}

/** The job's use of the bucket's key, granted in the key policy only through S3 (`viaServiceUsers`). */
export const REPROCESS_KEY_USE: Pick<ViaServiceKeyUser, "actions" | "viaServices"> = { actions: ["kms:Decrypt", "kms:GenerateDataKey"], viaServices: ["s3"] };
