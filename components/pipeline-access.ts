import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, checkedPhysicalName } from "./arg-checks";
import { PolicyStatement, policyDocument, policyJson } from "./policy-document";

/** The three client roles of the pipeline. */
export type ClientRoleKind = "uploader" | "reader" | "operator";
export const CLIENT_ROLE_KINDS: readonly ClientRoleKind[] = ["uploader", "reader", "operator"];

/** IAM principal ARNs a client role may trust: an account root, a role or a user. */
export const TRUSTED_PRINCIPAL_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;

export interface PipelineAccessArgs {
  /** Physical role names, fixed up front so the key policy can name the roles before they exist. */
  readonly roleNames: Readonly<Record<ClientRoleKind, string>>;
  /**
   * Who may assume each role (IAM principal ARNs). Default, and for an empty list: this account's
   * root, i.e. any principal of the account whose own IAM policy allows `sts:AssumeRole` on the role.
   */
  readonly trustedPrincipals?: Partial<Readonly<Record<ClientRoleKind, readonly string[]>>>;
  /** The images bucket, its prefixes and its key. */
  readonly bucketArn: pulumi.Input<string>;
  readonly uploadPrefix: string;
  readonly processedPrefix: string;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The records table (the reader reads records with GetItem/Query). */
  readonly tableArn: pulumi.Input<string>;
  /** The function's on-failure queue and the function itself (the operator replays). */
  readonly failureQueueArn: pulumi.Input<string>;
  readonly functionArn: pulumi.Input<string>;
  /** Log groups the operator reads (audit log group, the function's log group). */
  readonly logGroupArns: pulumi.Input<string>[];
  /** The log bucket and the prefix of the CloudTrail files, which the operator reads. Omit without a trail. */
  readonly trailLogs?: { readonly bucketArn: pulumi.Input<string>; readonly keyPrefix: string };
}

/** The resolved ARNs the client policies are built from. */
export interface ClientArns {
  readonly bucketArn: string;
  readonly uploadPrefix: string;
  readonly processedPrefix: string;
  readonly keyArn: string;
  readonly tableArn: string;
  readonly failureQueueArn: string;
  readonly functionArn: string;
  readonly logGroupArns: string[];
  readonly trailLogs?: { readonly bucketArn: string; readonly keyPrefix: string };
}

/** Uploader: write uploads/ only (the bucket policy requires the SSE-KMS headers naming the key). */
export function uploaderPolicyStatements(a: ClientArns): PolicyStatement[] {
  return [
    { Sid: "WriteUploads", Effect: "Allow", Action: "s3:PutObject", Resource: `${a.bucketArn}/${a.uploadPrefix}*` },
    // S3 asks KMS for a data key with the caller's permissions; multipart uploads also decrypt it.
    { Sid: "EncryptUploadsThroughS3", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: a.keyArn },
  ];
}

/** Reader: read processed/ and the records, nothing else. */
export function readerPolicyStatements(a: ClientArns): PolicyStatement[] {
  return [
    { Sid: "ReadProcessed", Effect: "Allow", Action: "s3:GetObject", Resource: `${a.bucketArn}/${a.processedPrefix}*` },
    { Sid: "DecryptProcessedThroughS3", Effect: "Allow", Action: "kms:Decrypt", Resource: a.keyArn },
    { Sid: "ReadRecords", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: a.tableArn },
  ];
}

/** Operator: replay the failure queue (scripts/replay-dlq.ts) and read the audit trail. */
export function operatorPolicyStatements(a: ClientArns): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReplayFailureQueue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
      Resource: a.failureQueueArn,
    },
    { Sid: "ReinvokeFunction", Effect: "Allow", Action: ["lambda:InvokeFunction", "lambda:GetFunctionEventInvokeConfig"], Resource: a.functionArn },
    // The queue (through SQS) and the CloudTrail files (through S3) are encrypted with the data key.
    { Sid: "DecryptQueueAndTrail", Effect: "Allow", Action: "kms:Decrypt", Resource: a.keyArn },
    {
      Sid: "ReadLogGroups",
      Effect: "Allow",
      Action: ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:DescribeLogStreams"],
      Resource: a.logGroupArns.flatMap((arn) => [arn, `${arn}:*`]),
    },
  ];
  if (a.trailLogs) {
    statements.push(
      { Sid: "ReadTrailFiles", Effect: "Allow", Action: "s3:GetObject", Resource: `${a.trailLogs.bucketArn}/${a.trailLogs.keyPrefix}*` },
      {
        Sid: "ListTrailFiles",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: a.trailLogs.bucketArn,
        Condition: { StringLike: { "s3:prefix": `${a.trailLogs.keyPrefix}*` } },
      },
    );
  }
  return statements;
}

export const CLIENT_POLICY_STATEMENTS: Readonly<Record<ClientRoleKind, (a: ClientArns) => PolicyStatement[]>> = {
  uploader: uploaderPolicyStatements,
  reader: readerPolicyStatements,
  operator: operatorPolicyStatements,
};

/** Trust policy of a client role: the named principals, or the account root when none are named. */
export function clientTrustPolicy(trusted: readonly string[], accountRoot: string) {
  return policyDocument([{ Sid: "TrustedPrincipalsAssumeRole", Effect: "Allow", Principal: { AWS: trusted.length > 0 ? [...trusted] : accountRoot }, Action: "sts:AssumeRole" }]);
}

/** KMS actions each client needs on the data key, and the services it uses it through (for `EncryptionKey.viaServiceUsers`). */
export const CLIENT_KEY_USE: Readonly<Record<ClientRoleKind, { readonly actions: string[]; readonly viaServices: string[] }>> = {
  uploader: { actions: ["kms:GenerateDataKey", "kms:Decrypt"], viaServices: ["s3"] },
  reader: { actions: ["kms:Decrypt"], viaServices: ["s3"] },
  operator: { actions: ["kms:Decrypt"], viaServices: ["sqs", "s3"] },
};

/**
 * The pipeline's client principals: an uploader role (writes `uploads/` with SSE-KMS), a reader
 * role (reads `processed/` and the records) and an operator role (replays the failure queue, reads
 * the audit logs and CloudTrail files). Each role trusts configured principals (or the account),
 * carries exactly its inline policy, and uses the data key only through S3 or SQS (the key's
 * `viaServiceUsers`, see `CLIENT_KEY_USE`).
 */
export class PipelineAccess extends pulumi.ComponentResource {
  readonly roles: Readonly<Record<ClientRoleKind, aws.iam.Role>>;
  readonly uploaderRoleArn: pulumi.Output<string>;
  readonly readerRoleArn: pulumi.Output<string>;
  readonly operatorRoleArn: pulumi.Output<string>;

  constructor(name: string, args: PipelineAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const checks = new ArgumentConflicts("PipelineAccess");
    for (const kind of CLIENT_ROLE_KINDS) {
      for (const arn of args.trustedPrincipals?.[kind] ?? []) {
        checks.check(!TRUSTED_PRINCIPAL_PATTERN.test(arn), `trustedPrincipals.${kind}: "${arn}" is not an IAM account root, role or user ARN`);
      }
    }
    checks.throwIfAny();
    const roleNames = Object.fromEntries(CLIENT_ROLE_KINDS.map((kind) => [kind, checkedPhysicalName(`roleNames.${kind}`, args.roleNames[kind])])) as Record<ClientRoleKind, string>;
    super("secure-image-pipeline:security:PipelineAccess", name, {}, opts);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const accountRoot = pulumi.interpolate`arn:${partition}:iam::${identity.accountId}:root`;
    const arns = pulumi
      .all([args.bucketArn, args.kmsKeyArn, args.tableArn, args.failureQueueArn, args.functionArn, pulumi.all(args.logGroupArns), args.trailLogs?.bucketArn])
      .apply(([bucketArn, keyArn, tableArn, failureQueueArn, functionArn, logGroupArns, trailBucketArn]): ClientArns => ({
        bucketArn,
        uploadPrefix: args.uploadPrefix,
        processedPrefix: args.processedPrefix,
        keyArn,
        tableArn,
        failureQueueArn,
        functionArn,
        logGroupArns,
        ...(args.trailLogs && trailBucketArn ? { trailLogs: { bucketArn: trailBucketArn, keyPrefix: args.trailLogs.keyPrefix } } : {}),
      }));

    const roles = {} as Record<ClientRoleKind, aws.iam.Role>;
    for (const kind of CLIENT_ROLE_KINDS) {
      const trusted = args.trustedPrincipals?.[kind] ?? [];
      const role = new aws.iam.Role(
        `${name}-${kind}`,
        { name: roleNames[kind], description: `secure-image-pipeline ${kind}`, assumeRolePolicy: accountRoot.apply((root) => policyJson(clientTrustPolicy(trusted, root))) },
        { parent: this },
      );
      const inline = new aws.iam.RolePolicy(
        `${name}-${kind}-policy`,
        { role: role.id, policy: arns.apply((a) => policyJson(policyDocument(CLIENT_POLICY_STATEMENTS[kind](a)))) },
        { parent: this },
      );
      // Exclusive ownership: a managed or extra inline policy attached later is removed on the next update.
      new aws.iam.RolePolicyAttachmentsExclusive(`${name}-${kind}-no-managed-policies`, { roleName: role.name, policyArns: [] }, { parent: this });
      new aws.iam.RolePoliciesExclusive(`${name}-${kind}-only-inline-policy`, { roleName: role.name, policyNames: [inline.name] }, { parent: this });
      roles[kind] = role;
    }
    this.roles = roles;
    this.uploaderRoleArn = roles.uploader.arn;
    this.readerRoleArn = roles.reader.arn;
    this.operatorRoleArn = roles.operator.arn;
    this.registerOutputs({ uploaderRoleArn: this.uploaderRoleArn, readerRoleArn: this.readerRoleArn, operatorRoleArn: this.operatorRoleArn });
  }
}
