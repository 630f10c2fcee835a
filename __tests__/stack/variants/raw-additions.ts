/**
 * The dev stack plus raw resources that bypass the hardened components, each broken in one way.
 * Returned as a program for offline/run-program (which runs one program per process).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket } from "../../../components";

export const RAW_NAMES = {
  bareBucket: "raw-bare-bucket",
  wildcardPolicy: "raw-wildcard-policy",
  adminAttachment: "raw-admin-attachment",
  openPermission: "raw-open-permission",
  plainTopic: "raw-plain-topic",
  publicTopicPolicy: "raw-public-topic-policy",
  foreverLogs: "raw-forever-logs",
  onDemandTable: "raw-on-demand-table",
  unrotatedKey: "raw-unrotated-key",
  longLivedData: "long-lived",
} as const;

export function rawAdditionsProgram(): unknown {
  const n = RAW_NAMES;
  // The dev stack first, exactly as index.ts builds it.
  const stack = require("../../../index") as Record<string, unknown>;

  // A bucket with none of its separate configuration resources.
  new aws.s3.Bucket(n.bareBucket, {});

  const role = new aws.iam.Role("raw-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
  });
  new aws.iam.RolePolicy(n.wildcardPolicy, {
    role: role.name,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
  });
  new aws.iam.RolePolicyAttachment(n.adminAttachment, { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });

  const fn = new aws.lambda.Function("raw-function", {
    role: role.arn,
    runtime: "nodejs20.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};") }),
    architectures: ["arm64"],
    memorySize: 128,
    timeout: 10,
    reservedConcurrentExecutions: 1,
  });
  new aws.lambda.Permission(n.openPermission, { action: "lambda:InvokeFunction", function: fn.name, principal: "s3.amazonaws.com" });

  const topic = new aws.sns.Topic(n.plainTopic, {});
  new aws.sns.TopicPolicy(n.publicTopicPolicy, {
    arn: topic.arn,
    policy: topic.arn.apply((arn) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "AnyonePublishes", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: arn }] }),
    ),
  });

  new aws.cloudwatch.LogGroup(n.foreverLogs, {});
  new aws.dynamodb.Table(n.onDemandTable, {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    serverSideEncryption: { enabled: true },
    pointInTimeRecovery: { enabled: false },
    ttl: { attributeName: "expiresAt", enabled: true },
  });

  // EncryptionKey refuses enableKeyRotation: false, so a raw key stands in for the override.
  const key = new aws.kms.Key(n.unrotatedKey, { deletionWindowInDays: 7, enableKeyRotation: false });
  // A component with a secure default overridden, within what it accepts.
  new SecureBucket(n.longLivedData, { kmsKeyArn: key.arn, accessLogs: { bucketName: stack.accessLogBucketName as pulumi.Output<string> }, expirationDays: 365 });
  return stack;
}
