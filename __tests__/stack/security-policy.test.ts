/**
 * Every control of the security policy (docs/security-controls.md, sections 3.1-3.5 and 4.1)
 * proven against the whole program (index.ts) with the dev stack's config, under mocks.
 *
 * Limit of these proofs: they show what the program asks AWS for, with exact inputs. They do not
 * show that AWS accepts those requests or evaluates the policies as intended (the moto e2e suite
 * covers more of that, and says what moto does not evaluate).
 *
 * | Policy line                                             | Test                                    |
 * |---------------------------------------------------------|-----------------------------------------|
 * | 3.1 S3 objects: AES-256, AWS KMS (CMK)                   | 3.1 S3 objects are SSE-KMS with the CMK  |
 * | 3.1 DynamoDB: AES-256, AWS managed                       | 3.1 DynamoDB ... AWS-managed key         |
 * | 3.1 SNS messages: AES-256, AWS KMS (CMK)                 | 3.1 both SNS topics ... a CMK            |
 * | 3.1 Lambda env vars: AES-256, AWS KMS (CMK)              | 3.1 Lambda environment ... CMK           |
 * | 3.1 Key rotation enabled annually                        | 3.1 both CMKs rotate yearly ...          |
 * | 3.1 (key consumers) key policy least privilege           | 3.1 the key policy grants each consumer  |
 * | 3.1 Terraform state: S3 SSE                              | not a program resource: the state backend is chosen at `pulumi login` (docs/operations.md, State and secrets encryption) |
 * | 3.2 Lambda role scoped to uploads/*, processed/*         | 3.2 the Lambda role is scoped ...        |
 * | 3.2 No wildcard (*) resource permissions                 | 3.2 no IAM policy ... wildcard           |
 * | 3.2 Separate security alerts topic, restricted publish   | 3.2 the security-alerts topic ...        |
 * | 3.2 Block all public access (4 controls)                 | 3.2 every bucket blocks public access    |
 * | 3.2 Logging bucket restricted to S3 log delivery         | 3.2 the log bucket lets only ...         |
 * | 3.3 Public access blocked at bucket level (ACLs off)     | 3.3 bucket ownership is enforced         |
 * | 3.3 VPC isolation available, not enabled                 | 3.3 VPC isolation is off in dev          |
 * | 3.3 TLS enforced                                         | 3.3 every bucket and topic denies non-TLS|
 * | 3.4 CloudWatch Lambda logs 30 days                       | 3.4 Lambda logs are kept 30 days         |
 * | 3.4 CloudWatch audit logs 365 days                       | 3.4 audit logs are kept 365 days ...     |
 * | 3.4 S3 access logs 365 days                              | 3.4 S3 access logs ... 365 days          |
 * | 3.4 GuardDuty findings                                   | 3.5 GuardDuty (same test)                |
 * | 3.4 Alarm: Lambda errors > 5 (5 min)                     | 3.4 alarm: Lambda errors > 5             |
 * | 3.4 Alarm: Lambda throttles > 0                          | 3.4 alarm: Lambda throttles > 0          |
 * | 3.4 Alarm: S3 storage > 4 GB                             | 3.4 alarm: S3 storage > 4 GB             |
 * | 3.4 Alarm: KMS key state changes                         | 3.4 alert: KMS key disabled / deletion   |
 * | 3.5 GuardDuty enabled (S3 logs, API calls)               | 3.5 GuardDuty is on with S3 protection   |
 * | 3.5 Security Hub enabled (CIS)                           | 3.5 Security Hub with the CIS standard   |
 * | 3.5 AWS Config enabled                                   | 3.5 AWS Config records all resources     |
 * | 4.1 Lambda: concurrency limit = 1                        | 4.1 Lambda concurrency is 1              |
 * | 4.1 S3: lifecycle 30-day delete                          | 4.1 S3 objects expire after 30 days      |
 * | 4.1 DynamoDB: TTL 90-day expiration                      | 4.1 DynamoDB records expire after 90 days|
 * | 4.1 CloudWatch: at most 10 alarms                        | 4.1 at most 10 CloudWatch alarms         |
 */
import { TOPIC_OWNER_ACTIONS } from "../../components/alert-topic";
import { KEY_ADMIN_ACTIONS } from "../../components/encryption-key";
import { ofType, policyOf, single } from "../../offline/records";
import type { ProgramRun, ResourceRecord } from "../../offline/run-program";
import { loadDevStack } from "./support/dev-stack";
import { allowCloudWatchAlarmsToPublish, denyInsecureTransport, denyUploadsNotUsingKey } from "../support/expected-statements";

const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/image-processor-dev-role`;
const THROUGH_LAMBDA = { "kms:ViaService": "lambda.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT };
const LAMBDA_ENVIRONMENT_STATEMENTS = [
  { Sid: "AllowLambdaEnvironmentEncryption", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: THROUGH_LAMBDA } },
  {
    Sid: "AllowLambdaGrants",
    Effect: "Allow",
    Principal: { AWS: ROOT },
    Action: "kms:CreateGrant",
    Resource: "*",
    Condition: { StringEquals: THROUGH_LAMBDA, Bool: { "kms:GrantIsForAWSResource": "true" } },
  },
];
/** A client role's key statement: named by ARN, only through the given services, only from this account. */
const viaServices = (id: string, kind: string, actions: string[], services: string[], roleName = `secure-image-pipeline-${kind}-dev`) => ({
  Sid: `Allow${id}ViaServices`,
  Effect: "Allow",
  Principal: { AWS: ROOT },
  Action: actions,
  Resource: "*",
  Condition: {
    ArnEquals: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/${roleName}`] },
    StringEquals: { "kms:ViaService": services.map((s) => `${s}.us-east-1.amazonaws.com`), "kms:CallerAccount": ACCOUNT },
  },
});

let run: ProgramRun;
let keyArn: string;
let alertsKeyArn: string;
let imagesArn: string;
let logsArn: string;
beforeAll(async () => {
  run = await loadDevStack();
  keyArn = single(run, "aws:kms/key:Key", "pipeline-key").outputs.arn as string;
  alertsKeyArn = single(run, "aws:kms/key:Key", "alerts-key").outputs.arn as string;
  imagesArn = single(run, "aws:s3/bucket:Bucket", "images-bucket").outputs.arn as string;
  logsArn = single(run, "aws:s3/bucket:Bucket", "access-logs-bucket").outputs.arn as string;
}, 120_000);

const bucketId = (component: string) => single(run, "aws:s3/bucket:Bucket", `${component}-bucket`).id;
const topicArn = (component: string) => single(run, "aws:sns/topic:Topic", `${component}-topic`).outputs.arn as string;
const fn = () => single(run, "aws:lambda/function:Function", "image-processor-function");

describe("3.1 Encryption", () => {
  test("3.1 S3 objects are SSE-KMS with the CMK (Bucket Keys on) and uploads naming another key are denied", () => {
    expect(single(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "images-encryption").inputs).toEqual({
      bucket: bucketId("images"),
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
    });
    const policy = policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "images-policy"));
    expect(policy.Statement.slice(1)).toEqual(denyUploadsNotUsingKey(imagesArn, keyArn));
  });

  test("3.1 DynamoDB is encrypted with the AWS-managed key, as the policy specifies", () => {
    expect(single(run, "aws:dynamodb/table:Table").inputs.serverSideEncryption).toEqual({ enabled: true });
  });

  test("3.1 every SNS topic is encrypted with a CMK; the security alerts with their own, apart from the data key they alert on", () => {
    expect(
      ofType(run, "aws:sns/topic:Topic")
        .map((t) => [t.name, t.inputs.kmsMasterKeyId])
        .sort(),
    ).toEqual([
      // The alerts key's own alerts travel under the data key.
      ["key-alerts-topic", keyArn],
      ["notifications-topic", keyArn],
      ["security-alerts-topic", alertsKeyArn],
    ]);
    expect(alertsKeyArn).not.toBe(keyArn);
  });

  test("3.1 the Lambda environment variables are encrypted with the CMK", () => {
    expect(fn().inputs.kmsKeyArn).toBe(keyArn);
  });

  test("3.1 both CMKs rotate yearly, are symmetric and have a 30-day deletion window", () => {
    for (const [name, alias] of [
      ["pipeline", "alias/secure-image-pipeline-dev"],
      ["alerts", "alias/secure-image-pipeline-alerts-dev"],
    ]) {
      const key = single(run, "aws:kms/key:Key", `${name}-key`);
      expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30, keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT" });
      expect(single(run, "aws:kms/alias:Alias", `${name}-alias`).inputs).toEqual({ name: alias, targetKeyId: key.outputs.keyId });
    }
  });

  test("3.1 the key policy grants each consumer only what it needs", () => {
    expect(policyOf(single(run, "aws:kms/key:Key", "pipeline-key"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AllowAccountAdministration", Effect: "Allow", Principal: { AWS: ROOT }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
        ...LAMBDA_ENVIRONMENT_STATEMENTS,
        {
          Sid: "AllowDataKeyUseByRoles",
          Effect: "Allow",
          Principal: { AWS: ROOT },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: { ArnEquals: { "aws:PrincipalArn": [ROLE_ARN] } },
        },
        viaServices("UploaderRole", "uploader", ["kms:GenerateDataKey", "kms:Decrypt"], ["s3"]),
        viaServices("ReaderRole", "reader", ["kms:Decrypt"], ["s3"]),
        viaServices("OperatorRole", "operator", ["kms:Decrypt"], ["sqs", "s3"]),
        // The S3 Batch Operations reprocess role: its manifest and report objects, through S3 only.
        viaServices("ReprocessRole", "reprocess", ["kms:Decrypt", "kms:GenerateDataKey"], ["s3"], "image-processor-dev-reprocess"),
        // EventBridge publishes the alerts key's state changes to the key-alerts topic, under this key.
        {
          Sid: "AllowServicesToPublishToEncryptedTopics",
          Effect: "Allow",
          Principal: { Service: ["events.amazonaws.com"] },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
        },
        {
          Sid: "AllowCloudWatchLogsEncryption",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` } },
        },
        {
          Sid: "AllowCloudTrailEncryption",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
          },
        },
        {
          Sid: "AllowCloudTrailDescribeKey",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:DescribeKey",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        // GuardDuty findings export (3.4, indefinite retention): only for the account's one detector in this region (named by pattern, so the key never waits on it).
        {
          Sid: "AllowGuardDutyFindingsExport",
          Effect: "Allow",
          Principal: { Service: "guardduty.amazonaws.com" },
          Action: "kms:GenerateDataKey",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": [`arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/*`] } },
        },
      ],
    });
    // The alerts key serves only the services that publish alerts: no role, no logs, no trail.
    expect(policyOf(single(run, "aws:kms/key:Key", "alerts-key"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AllowAccountAdministration", Effect: "Allow", Principal: { AWS: ROOT }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
        {
          Sid: "AllowServicesToPublishToEncryptedTopics",
          Effect: "Allow",
          Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
        },
      ],
    });
    // The role the key policy names is the one the function runs as.
    expect(fn().inputs.role).toBe(ROLE_ARN);
    // Administration never includes using the key for data, nor granting it to oneself.
    expect(KEY_ADMIN_ACTIONS.filter((a) => a.includes("*") || /crypt|GenerateDataKey|CreateGrant/i.test(a))).toEqual([]);
    // The roles the key policy names are the client roles the program creates.
    expect(["uploader", "reader", "operator"].map((k) => single(run, "aws:iam/role:Role", `clients-${k}`).outputs.arn)).toEqual(
      ["uploader", "reader", "operator"].map((k) => `arn:aws:iam::${ACCOUNT}:role/secure-image-pipeline-${k}-dev`),
    );
  });
});

describe("3.2 Access control", () => {
  test("3.2 the Lambda role is scoped to uploads/* (read) and processed/* (write), under an appendix C boundary", () => {
    const inline = policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "image-processor-policy"));
    expect(inline.Statement.filter((s) => String(s.Action).startsWith("s3:"))).toEqual([
      { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: `${imagesArn}/uploads/*` },
      { Sid: "WriteProcessed", Effect: "Allow", Action: "s3:PutObject", Resource: `${imagesArn}/processed/*` },
    ]);
    const boundary = single(run, "aws:iam/policy:Policy", "image-processor-boundary");
    expect(single(run, "aws:iam/role:Role", "image-processor-role").inputs.permissionsBoundary).toBe(boundary.outputs.arn);
    expect(policyOf(boundary).Statement.map((s) => [s.Sid, s.Action])).toEqual([
      ["MaxS3Objects", ["s3:GetObject", "s3:PutObject"]],
      ["MaxDynamoDbPutItem", "dynamodb:PutItem"],
      ["MaxSnsPublish", "sns:Publish"],
      ["MaxKmsDataKeys", ["kms:Decrypt", "kms:GenerateDataKey"]],
      ["MaxCloudWatchLogs", ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]],
      ["MaxSqsFailureQueue", "sqs:SendMessage"],
    ]);
  });

  test("3.2 no IAM policy the program writes allows a wildcard resource or wildcard action", () => {
    const documents: [string, ResourceRecord][] = [
      ...ofType(run, "aws:iam/rolePolicy:RolePolicy").map((r) => [r.name, r] as [string, ResourceRecord]),
      ...ofType(run, "aws:iam/policy:Policy").map((r) => [r.name, r] as [string, ResourceRecord]),
    ];
    expect(documents.map(([n]) => n).sort()).toEqual([
      "clients-operator-policy",
      "clients-reader-policy",
      "clients-uploader-policy",
      "image-processor-boundary",
      "image-processor-policy",
      "reprocess-boundary",
      "reprocess-policy",
      "security-config-delivery-policy",
      "security-trail-logs",
    ]);
    const wildcards = documents.flatMap(([name, record]) =>
      policyOf(record)
        .Statement.filter((s) => s.Effect === "Allow")
        .filter((s) => [s.Resource].flat().some((r) => r === "*") || [s.Action].flat().some((a) => a === "*" || a.endsWith(":*")))
        .map((s) => `${name}/${s.Sid}`),
    );
    expect(wildcards).toEqual([]);
  });

  test("3.2 the security-alerts topic is separate and only CloudWatch alarms and EventBridge rules of this account may publish", () => {
    const arn = topicArn("security-alerts");
    expect(arn).not.toBe(topicArn("notifications"));
    expect(policyOf(single(run, "aws:sns/topicPolicy:TopicPolicy", "security-alerts-policy"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AllowOwnerManagement", Effect: "Allow", Principal: { AWS: ROOT }, Action: TOPIC_OWNER_ACTIONS, Resource: arn },
        denyInsecureTransport(arn, "sns:Publish"),
        allowCloudWatchAlarmsToPublish(arn, ACCOUNT),
        {
          Sid: "AllowEventBridgeRulesToPublish",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: arn,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` } },
        },
        {
          Sid: "DenyPublishByOtherPrincipals",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: arn,
          Condition: { Bool: { "aws:PrincipalIsAWSService": "false" } },
        },
      ],
    });
    // And the notifications topic: only the Lambda role publishes.
    const notifications = topicArn("notifications");
    expect(policyOf(single(run, "aws:sns/topicPolicy:TopicPolicy", "notifications-policy")).Statement.slice(2)).toEqual([
      {
        Sid: "AllowNamedRolesToPublish",
        Effect: "Allow",
        Principal: { AWS: ROOT },
        Action: "sns:Publish",
        Resource: notifications,
        Condition: { ArnEquals: { "aws:PrincipalArn": [ROLE_ARN] } },
      },
      {
        Sid: "DenyPublishByOtherPrincipals",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: notifications,
        Condition: { Bool: { "aws:PrincipalIsAWSService": "false" }, ArnNotEquals: { "aws:PrincipalArn": [ROLE_ARN] } },
      },
    ]);
  });

  test("3.2 every bucket blocks public access with all four controls", () => {
    expect(ofType(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").map((r) => r.inputs)).toEqual(
      ["access-logs", "images", "findings"].map((b) => ({
        bucket: bucketId(b),
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      })),
    );
    expect(ofType(run, "aws:s3/bucket:Bucket")).toHaveLength(3);
  });

  test("3.2 the log bucket lets only the S3 logging service and CloudTrail write, each scoped to its source and prefix (Config writes with its role)", () => {
    const scoped = (sourceArn: string) => ({ ArnLike: { "aws:SourceArn": [sourceArn] }, StringEquals: { "aws:SourceAccount": ACCOUNT } });
    const withAcl = (sourceArn: string) => ({ ...scoped(sourceArn), StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" } });
    const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/security-dev-trail`;
    expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        denyInsecureTransport([logsArn, `${logsArn}/*`], "s3:*"),
        {
          Sid: "AllowS3ServerAccessLogsWrite",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${logsArn}/s3-access/*`,
          Condition: {
            ArnLike: { "aws:SourceArn": [imagesArn, single(run, "aws:s3/bucket:Bucket", "findings-bucket").outputs.arn] },
            StringEquals: { "aws:SourceAccount": ACCOUNT },
          },
        },
        {
          Sid: "AllowCloudTrailAclCheck",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: logsArn,
          Condition: scoped(trailArn),
        },
        {
          Sid: "AllowCloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${logsArn}/cloudtrail/*`,
          Condition: withAcl(trailArn),
        },
        // No statement for config.amazonaws.com: Config delivers with its own role (security-config-delivery-policy).
        // Audit records: nobody else writes (not even with s3:PutObject on *), nobody deletes.
        {
          Sid: "DenyAuditWritesExceptDeliveringServices",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:PutObject", "s3:ReplicateObject"],
          Resource: `${logsArn}/*`,
          Condition: { Bool: { "aws:PrincipalIsAWSService": "false" }, ArnNotLike: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/security-config-role-*`] } },
        },
        {
          Sid: "DenyAuditDeletes",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ReplicateDelete", "s3:BypassGovernanceRetention"],
          Resource: `${logsArn}/*`,
        },
      ],
    });
    // The trail the policy names is the trail the program creates.
    expect(single(run, "aws:cloudtrail/trail:Trail").outputs.arn).toBe(trailArn);
    // S3 server access logs cannot be delivered to SSE-KMS buckets: the log bucket uses SSE-S3.
    expect(single(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "access-logs-encryption").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
  });
});

describe("3.3 Network security", () => {
  test("3.3 bucket ownership is enforced on every bucket (ACLs disabled)", () => {
    expect(ofType(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").map((r) => r.inputs)).toEqual(
      ["access-logs", "images", "findings"].map((b) => ({ bucket: bucketId(b), rule: { objectOwnership: "BucketOwnerEnforced" } })),
    );
  });

  test("3.3 VPC isolation is available but off in dev (free tier): no VPC, no VPC config, no ENI permissions", () => {
    expect(run.config["secure-image-pipeline:vpcIsolation"]).toBe("false");
    expect(run.resources.filter((r) => r.type.startsWith("awsx:") || r.type.startsWith("aws:ec2/"))).toEqual([]);
    expect(fn().inputs.vpcConfig).toBeUndefined();
    expect(JSON.stringify(policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "image-processor-policy")))).not.toContain("ec2:");
  });

  test("3.3 every bucket and topic denies requests without TLS", () => {
    expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "images-policy")).Statement[0]).toEqual(denyInsecureTransport([imagesArn, `${imagesArn}/*`], "s3:*"));
    expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy")).Statement[0]).toEqual(denyInsecureTransport([logsArn, `${logsArn}/*`], "s3:*"));
    for (const topic of ["notifications", "security-alerts"]) {
      expect(policyOf(single(run, "aws:sns/topicPolicy:TopicPolicy", `${topic}-policy`)).Statement[1]).toEqual(denyInsecureTransport(topicArn(topic), "sns:Publish"));
    }
  });
});

describe("3.4 Logging and monitoring", () => {
  test("3.4 Lambda logs are kept 30 days in the function's own CMK-encrypted group", () => {
    expect(single(run, "aws:cloudwatch/logGroup:LogGroup", "image-processor-logs").inputs).toEqual({
      name: "/aws/lambda/image-processor-dev",
      retentionInDays: 30,
      kmsKeyId: keyArn,
    });
    expect((fn().inputs.loggingConfig as { logGroup: string }).logGroup).toBe("/aws/lambda/image-processor-dev");
  });

  test("3.4 audit logs are kept 365 days, and CloudTrail (validated, KMS-encrypted) feeds them", () => {
    const audit = single(run, "aws:cloudwatch/logGroup:LogGroup", "security-audit-logs");
    expect(audit.inputs).toEqual({ name: "/secure-image-pipeline/security/audit", retentionInDays: 365, kmsKeyId: keyArn });
    expect(single(run, "aws:cloudtrail/trail:Trail").inputs).toEqual({
      name: "security-dev-trail",
      s3BucketName: bucketId("access-logs"),
      s3KeyPrefix: "cloudtrail",
      kmsKeyId: keyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      cloudWatchLogsGroupArn: `${audit.outputs.arn}:*`,
      cloudWatchLogsRoleArn: single(run, "aws:iam/role:Role", "security-trail-role").outputs.arn,
    });
  });

  test("3.4 S3 access logs of the images bucket go to the log bucket, kept 365 days", () => {
    expect(single(run, "aws:s3/bucketLogging:BucketLogging", "images-access-logs").inputs).toEqual({
      bucket: bucketId("images"),
      targetBucket: bucketId("access-logs"),
      targetPrefix: "s3-access/images/",
    });
    expect(single(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "access-logs-lifecycle").inputs.rules).toEqual([
      { id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: 365 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
      // Versioned, so an overwrite stays recoverable; the old version goes 90 days after it was replaced.
      { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } },
    ]);
  });

  const alarm = (name: string) => single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", name).inputs;
  const alertTopic = () => topicArn("security-alerts");

  test("3.4 alarm: Lambda errors > 5 in 5 minutes", () => {
    expect(alarm("image-processor-errors")).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 5,
      dimensions: { FunctionName: "image-processor-dev" },
      alarmActions: [alertTopic()],
    });
  });

  test("3.4 alarm: Lambda throttles > 0", () => {
    expect(alarm("image-processor-throttles")).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      dimensions: { FunctionName: "image-processor-dev" },
      alarmActions: [alertTopic()],
    });
  });

  test("3.4 alarm: S3 storage > 4 GB", () => {
    expect(alarm("security-storage")).toMatchObject({
      namespace: "AWS/S3",
      metricName: "BucketSizeBytes",
      dimensions: { BucketName: bucketId("images"), StorageType: "StandardStorage" },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 4 * 1024 ** 3,
      period: 86400,
      alarmActions: [alertTopic()],
    });
  });

  test("3.4 alert: each CMK disabled, scheduled for deletion or given a new key policy notifies a topic under the other key", () => {
    const pattern = (key: string) => ({
      source: ["aws.kms"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["kms.amazonaws.com"],
        eventName: ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "DisableKeyRotation", "DeleteImportedKeyMaterial"],
        resources: { ARN: [key] },
      },
    });
    const rules = ["security-kms-key-state", "security-kms-key-state-1"].map((name) => single(run, "aws:cloudwatch/eventRule:EventRule", name));
    const kmsRules = ofType(run, "aws:cloudwatch/eventRule:EventRule").filter((r) => String(r.inputs.eventPattern).includes('"aws.kms"'));
    expect(kmsRules).toHaveLength(2);
    expect(rules.map((r) => JSON.parse(r.inputs.eventPattern as string))).toEqual([pattern(keyArn), pattern(alertsKeyArn)]);
    const targets = ["security-kms-key-state-alert", "security-kms-key-state-1-alert"].map((name) => single(run, "aws:cloudwatch/eventTarget:EventTarget", name).inputs);
    expect(targets.map((t) => [t.rule, t.arn])).toEqual([
      [rules[0].outputs.name, alertTopic()],
      [rules[1].outputs.name, topicArn("key-alerts")],
    ]);
    // 6.1: Critical, in the message body the subscriptions filter on.
    for (const target of targets) expect(String((target.inputTransformer as { inputTemplate: string }).inputTemplate)).toMatch(/^\{"severity":"Critical",/);
    // Each key's alerts travel under the other key.
    const topicKey = (arn: string) => ofType(run, "aws:sns/topic:Topic").find((t) => t.outputs.arn === arn)?.inputs.kmsMasterKeyId;
    expect([topicKey(alertTopic()), topicKey(topicArn("key-alerts"))]).toEqual([alertsKeyArn, keyArn]);
  });
});

describe("3.5 Threat detection", () => {
  test("3.5 GuardDuty is on with S3 protection (S3 data events; API calls come with the detector)", () => {
    const detector = single(run, "aws:guardduty/detector:Detector");
    expect(detector.inputs).toEqual({ enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
    expect(single(run, "aws:guardduty/detectorFeature:DetectorFeature").inputs).toEqual({ detectorId: detector.id, name: "S3_DATA_EVENTS", status: "ENABLED" });
  });

  test("3.5 Security Hub with the CIS standard", () => {
    expect(single(run, "aws:securityhub/account:Account").inputs).toEqual({ enableDefaultStandards: false });
    expect(single(run, "aws:securityhub/standardsSubscription:StandardsSubscription").inputs).toEqual({
      standardsArn: "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
    });
  });

  test("3.5 AWS Config records all resources and delivers to the log bucket", () => {
    const recorder = single(run, "aws:cfg/recorder:Recorder");
    expect(recorder.inputs).toEqual({
      roleArn: single(run, "aws:iam/role:Role", "security-config-role").outputs.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    expect(single(run, "aws:cfg/deliveryChannel:DeliveryChannel").inputs).toEqual({
      s3BucketName: bucketId("access-logs"),
      s3KeyPrefix: "config",
      snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
    });
    expect(single(run, "aws:cfg/recorderStatus:RecorderStatus").inputs).toEqual({ name: recorder.outputs.name, isEnabled: true });
  });
});

describe("4.1 Free tier", () => {
  test("4.1 Lambda concurrency is 1", () => {
    expect(fn().inputs.reservedConcurrentExecutions).toBe(1);
  });

  test("4.1 S3 objects expire after 30 days (and unfinished uploads and old versions are cleaned up)", () => {
    expect(single(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "images-lifecycle").inputs).toEqual({
      bucket: bucketId("images"),
      rules: [
        { id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
        { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 7 } },
      ],
    });
  });

  test("4.1 DynamoDB records expire after 90 days (TTL on expiresAt; the handler sets it from RECORD_TTL_DAYS)", () => {
    const table = single(run, "aws:dynamodb/table:Table").inputs;
    expect(table).toMatchObject({
      ttl: { attributeName: "expiresAt", enabled: true },
      billingMode: "PROVISIONED",
      readCapacity: 5,
      writeCapacity: 5,
      hashKey: "pk",
      rangeKey: "sk",
      attributes: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
      ],
      pointInTimeRecovery: { enabled: true },
    });
    expect((fn().inputs.environment as { variables: Record<string, string> }).variables.RECORD_TTL_DAYS).toBe("90");
  });

  test("4.1 at most 10 CloudWatch alarms in the whole stack", () => {
    const alarms = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((a) => a.name)
      .sort();
    expect(alarms).toEqual([
      "image-processor-dropped-events",
      "image-processor-errors",
      "image-processor-event-age",
      "image-processor-failed-uploads",
      "image-processor-throttles",
      "security-storage",
    ]);
    expect(alarms.length).toBeLessThanOrEqual(10);
  });
});
