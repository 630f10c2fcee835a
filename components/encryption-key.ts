import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, definedOnly } from "./arg-checks";
import { awsContext } from "./aws-context";
import { PolicyStatement, policyDocument, policyJson } from "./policy-document";

export interface EncryptionKeyArgs {
  /** Key description shown in the console. Default: "<name> customer-managed key". */
  readonly description?: string;
  /** Alias without the `alias/` prefix. Default: `<name>`. */
  readonly aliasName?: string;
  /** Waiting period before a scheduled deletion completes, 7-30 days. Default 30: the longest window to notice a mistake. */
  readonly deletionWindowInDays?: number;
  /** Automatic yearly rotation (security policy 3.1). Default true. */
  readonly enableKeyRotation?: boolean;
  /**
   * IAM principal ARNs (roles) that may use the key for data keys (`kms:Decrypt`, `kms:GenerateDataKey`).
   * They are matched with `aws:PrincipalArn` rather than named as principals, so the key can be
   * created before the roles exist (KMS rejects unknown principals, and the roles' policies need
   * the key's ARN). Default: none.
   */
  readonly dataKeyUserArns?: pulumi.Input<string>[];
  /**
   * Principals that use the key only through an AWS service acting for them (S3 for SSE-KMS
   * objects, SQS for an encrypted queue): each entry becomes one statement matched with
   * `aws:PrincipalArn`, `kms:ViaService` and `kms:CallerAccount`, so the same principal calling KMS
   * directly is denied. Default: none.
   */
  readonly viaServiceUsers?: ViaServiceKeyUser[];
  /**
   * Let this account's deployers encrypt a Lambda function's environment with the key
   * (`kms:Encrypt` through `lambda.<region>.amazonaws.com`; Lambda's own grant is covered by the
   * `kms:GrantIsForAWSResource` statement). Default false.
   */
  readonly allowLambdaEnvironments?: boolean;
  /**
   * AWS services that publish to topics encrypted with this key (CloudWatch alarms, EventBridge).
   * Default: `["cloudwatch.amazonaws.com", "events.amazonaws.com"]`; the AWS-managed SNS key cannot
   * grant them, which is why a CMK is used for alert topics.
   */
  readonly topicPublisherServices?: string[];
  /** Let CloudWatch Logs encrypt this account's log groups with the key. Default true. */
  readonly allowCloudWatchLogs?: boolean;
  /** Let CloudTrail encrypt this account's trail log files with the key. Default true. */
  readonly allowCloudTrail?: boolean;
  /**
   * GuardDuty detectors whose findings export (a publishing destination) encrypts with the key:
   * `kms:GenerateDataKey` for `guardduty.amazonaws.com`, only on behalf of these detectors of this
   * account (aws:SourceAccount, aws:SourceArn matched with ArnLike). Pass
   * `accountDetectorArnPattern(...)` to admit the account's detector of this region before it
   * exists, whoever created it: the key then never waits on a detector. Default: none.
   */
  readonly guardDutyDetectorArns?: pulumi.Input<string>[];
}

/** A principal that uses the key only through the named AWS services (see `viaServiceUsers`). */
export interface ViaServiceKeyUser {
  /** Alphanumeric id used in the statement Sid, e.g. "Uploaders". */
  readonly id: string;
  /** IAM role ARNs, matched with `aws:PrincipalArn` (the roles may not exist yet). */
  readonly principalArns: pulumi.Input<string>[];
  /** KMS actions, e.g. `["kms:GenerateDataKey", "kms:Decrypt"]`. */
  readonly actions: string[];
  /** Service prefixes, e.g. `["s3"]`: matched as `kms:ViaService` = `<service>.<region>.amazonaws.com`. */
  readonly viaServices: string[];
}

export const ENCRYPTION_KEY_DEFAULTS: Required<
  Pick<EncryptionKeyArgs, "deletionWindowInDays" | "enableKeyRotation" | "topicPublisherServices" | "allowCloudWatchLogs" | "allowCloudTrail" | "allowLambdaEnvironments">
> = {
  deletionWindowInDays: 30,
  enableKeyRotation: true,
  topicPublisherServices: ["cloudwatch.amazonaws.com", "events.amazonaws.com"],
  allowCloudWatchLogs: true,
  allowCloudTrail: true,
  allowLambdaEnvironments: false,
};

/**
 * Administrative actions for the account root, spelled out: manage the key, never use it for data.
 * No wildcards: `kms:Create*` would include `kms:CreateGrant` (a grant to oneself for Decrypt) and
 * `kms:Put*`/`kms:Get*` would follow any action AWS adds later. `kms:PutKeyPolicy` stays (without
 * it the key could become unmanageable); every change of the key policy raises an alert.
 */
export const KEY_ADMIN_ACTIONS = [
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:UpdateAlias",
  "kms:DescribeKey",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateKeyDescription",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

/**
 * A customer-managed KMS key with rotation and an alias, whose key policy grants each consumer
 * only what it needs (security policy 3.1).
 */
export class EncryptionKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: EncryptionKeyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const settings = { ...ENCRYPTION_KEY_DEFAULTS, ...definedOnly(args) };
    const checks = new ArgumentConflicts("EncryptionKey")
      .wholeNumber("deletionWindowInDays", settings.deletionWindowInDays, 7, 30)
      .check(settings.enableKeyRotation !== true, "enableKeyRotation must stay true: the security policy requires yearly rotation");
    for (const user of settings.viaServiceUsers ?? []) {
      checks
        .check(!/^[A-Za-z0-9]+$/.test(user.id), `viaServiceUsers id "${user.id}" must be alphanumeric`)
        .check(user.viaServices.length === 0 || user.actions.length === 0, `viaServiceUsers "${user.id}" must name its actions and at least one service`);
    }
    checks.throwIfAny();
    super("secure-image-pipeline:security:EncryptionKey", name, {}, opts);

    const ctx = awsContext(this);
    const policy = pulumi.all([ctx.accountId, ctx.region, ctx.partition]).apply(([account, region, partition]) => keyPolicyStatements({ account, region, partition, settings }));
    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: settings.description ?? `${name} customer-managed key`,
        enableKeyRotation: settings.enableKeyRotation,
        deletionWindowInDays: settings.deletionWindowInDays,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        policy: policy.apply((statements) => policyJson(policyDocument(statements))),
      },
      { parent: this },
    );
    this.alias = new aws.kms.Alias(`${name}-alias`, { name: `alias/${settings.aliasName ?? name}`, targetKeyId: this.key.keyId }, { parent: this });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.registerOutputs({ arn: this.arn, keyId: this.keyId, aliasName: this.alias.name });
  }
}

interface KeyPolicyContext {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly settings: EncryptionKeyArgs & typeof ENCRYPTION_KEY_DEFAULTS;
}

/** The whole key policy as data, so tests compare it exactly. */
export function keyPolicyStatements({ account, region, partition, settings }: KeyPolicyContext): PolicyStatement[] {
  const root = `arn:${partition}:iam::${account}:root`;
  const statements: PolicyStatement[] = [
    // Without an account-root statement a key can become unmanageable (AWS lockout safety check).
    { Sid: "AllowAccountAdministration", Effect: "Allow", Principal: { AWS: root }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
  ];
  if (settings.allowLambdaEnvironments) {
    // The deployer's CreateFunction/UpdateFunctionConfiguration encrypts the environment through
    // Lambda, and Lambda creates a grant for the function to decrypt it. Grants only for an AWS
    // resource, only through Lambda: an administrator cannot grant itself kms:Decrypt.
    const throughLambda = { "kms:ViaService": `lambda.${region}.amazonaws.com`, "kms:CallerAccount": account };
    statements.push(
      { Sid: "AllowLambdaEnvironmentEncryption", Effect: "Allow", Principal: { AWS: root }, Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: throughLambda } },
      {
        Sid: "AllowLambdaGrants",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: "kms:CreateGrant",
        Resource: "*",
        Condition: { StringEquals: throughLambda, Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
    );
  }
  const users = settings.dataKeyUserArns ?? [];
  if (users.length > 0) {
    statements.push({
      Sid: "AllowDataKeyUseByRoles",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": users } },
    });
  }
  for (const user of settings.viaServiceUsers ?? []) {
    statements.push({
      Sid: `Allow${user.id}ViaServices`,
      Effect: "Allow",
      Principal: { AWS: root },
      Action: [...user.actions],
      Resource: "*",
      Condition: {
        ArnEquals: { "aws:PrincipalArn": user.principalArns },
        StringEquals: { "kms:ViaService": user.viaServices.map((service) => `${service}.${region}.amazonaws.com`), "kms:CallerAccount": account },
      },
    });
  }
  if (settings.topicPublisherServices.length > 0) {
    // No condition, as AWS documents it: conditions on caller context here make alarm delivery
    // fail, and the topic policies already limit these services to this account's alarms/rules.
    statements.push({
      Sid: "AllowServicesToPublishToEncryptedTopics",
      Effect: "Allow",
      Principal: { Service: [...settings.topicPublisherServices] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
    });
  }
  if (settings.allowCloudWatchLogs) {
    statements.push({
      Sid: "AllowCloudWatchLogsEncryption",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:*` } },
    });
  }
  if (settings.allowCloudTrail) {
    statements.push(
      {
        Sid: "AllowCloudTrailEncryption",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${account}:trail/*` },
        },
      },
      {
        Sid: "AllowCloudTrailDescribeKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      },
    );
  }
  const detectors = settings.guardDutyDetectorArns ?? [];
  if (detectors.length > 0) {
    statements.push({
      Sid: "AllowGuardDutyFindingsExport",
      Effect: "Allow",
      Principal: { Service: "guardduty.amazonaws.com" },
      Action: "kms:GenerateDataKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": detectors } },
    });
  }
  return statements;
}
