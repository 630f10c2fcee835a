/**
 * Creates the pipeline's AWS resources in moto from a plain description (which the suite takes
 * from the Pulumi program's registrations, see from-program.ts), with the AWS SDK, the way a
 * deployment would leave them: a KMS key, the bucket with default SSE-KMS, the table with TTL,
 * the notification topic (KMS-encrypted), and the Lambda's role with its exact inline policy.
 *
 * Test-only plumbing that a deployment does not have, and why:
 * - the bucket notifies an SQS queue instead of the Lambda, so the tests receive the real S3
 *   event JSON that moto emits and hand it to the packaged handler themselves;
 * - the topic has an SQS subscription, so the tests read exactly what was published;
 * - the roles keep the program's trust policies (the Lambda role trusts lambda.amazonaws.com): moto
 *   does not evaluate trust on sts:AssumeRole, so the tests assume them and act with their
 *   credentials, as Lambda, an uploader or a reader would.
 */
import { CreateTableCommand, UpdateTimeToLiveCommand, type ScalarAttributeType } from "@aws-sdk/client-dynamodb";
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketNotificationConfigurationCommand, type Event, PutPublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { CreateTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { MOTO_ACCOUNT_ID, type Clients, type Credentials } from "./moto";

/** A role as the program declares it: name, trust policy and inline policy (JSON). */
export interface RoleDescription {
  readonly name: string;
  /** The inline policy document, exactly as the component generates it (JSON). */
  readonly policyDocument: string;
  /** The trust policy (JSON). Default: trust this account, as a hand-made description needs. */
  readonly trustPolicy?: string;
  /** The permissions boundary document, if any (JSON). moto stores it but never evaluates it. */
  readonly permissionsBoundary?: string;
}

/** The pipeline as the Pulumi program declares it, in plain data. */
export interface PipelineDescription {
  /**
   * The KMS key ARN the program's documents and environment use. AWS (and moto) assign key ids
   * at create time, so it is replaced by the ARN of the key created here, wherever it appears.
   */
  readonly programKeyArn?: string;
  readonly bucketName: string;
  readonly uploadPrefix: string;
  readonly table: {
    readonly name: string;
    readonly hashKey: string;
    readonly rangeKey?: string;
    readonly attributes: readonly { readonly name: string; readonly type: ScalarAttributeType }[];
    readonly ttlAttribute: string;
    /** Billing as the program sets it. Default (hand-made descriptions): on demand. */
    readonly billing?: { readonly mode: "PROVISIONED" | "PAY_PER_REQUEST"; readonly readCapacity?: number; readonly writeCapacity?: number };
  };
  /**
   * The bucket's default encryption as the program sets it. Default: SSE-KMS with the key and
   * Bucket Keys. (Its policy is not put in moto: see coverage.ts.)
   */
  readonly bucket?: { readonly encryption: { readonly sseAlgorithm: string; readonly kmsMasterKeyId?: string; readonly bucketKeyEnabled?: boolean } };
  /** The notification's events and filters as the program sets them. Default: every ObjectCreated under uploadPrefix. */
  readonly notification?: { readonly events: readonly string[]; readonly filterPrefix?: string; readonly filterSuffix?: string };
  /** The KMS key (program ARN) of the topic and of the failure queue. Default: the data key / none. */
  readonly topicKmsKeyId?: string;
  readonly queueKmsKeyId?: string;
  /** The client roles the stack creates (uploader, reader), if any. */
  readonly clients?: { readonly uploader: RoleDescription; readonly reader: RoleDescription };
  readonly notificationTopicName: string;
  /** The Lambda's dead-letter/on-failure queue, if the stack has one. */
  readonly deadLetterQueueName?: string;
  readonly role: RoleDescription;
}

export interface Queue {
  readonly url: string;
  readonly arn: string;
}

/** What moto assigned: ARNs, URLs and credentials the tests use. */
export interface PipelineInMoto {
  readonly keyId: string;
  readonly keyArn: string;
  readonly bucketName: string;
  readonly tableName: string;
  readonly tableArn: string;
  readonly topicArn: string;
  /** Receives the S3 ObjectCreated events for the upload prefix. */
  readonly s3Events: Queue;
  /** Subscribed to the notification topic. */
  readonly notifications: Queue;
  readonly deadLetter?: Queue;
  readonly roleArn: string;
  /** The role's inline policy and boundary as created in moto (program key ARN replaced). */
  readonly rolePolicyDocument: string;
  readonly permissionsBoundary?: string;
  /** Rewrites a program value (document, env var) to the identifiers moto assigned. */
  readonly toMotoIds: (value: string) => string;
  /** An IAM user allowed everything: the tests' own credentials while IAM is enforced. */
  readonly adminCredentials: Credentials;
  /** The client roles created from the program (uploader, reader), if the description has them. */
  readonly clientRoleArns?: { readonly uploader: string; readonly reader: string };
}

async function createQueue(clients: Clients, name: string, kmsKeyId?: string): Promise<Queue> {
  const { QueueUrl: url } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name, ...(kmsKeyId ? { Attributes: { KmsMasterKeyId: kmsKeyId } } : {}) }));
  if (!url) throw new Error(`moto returned no URL for queue ${name}`);
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`moto returned no ARN for queue ${name}`);
  return { url, arn };
}

/** Creates everything; call with IAM enforcement off (setup calls are not the role's). */
export async function createPipelineInMoto(clients: Clients, description: PipelineDescription): Promise<PipelineInMoto> {
  const { KeyMetadata } = await clients.kms.send(new CreateKeyCommand({ Description: `${description.bucketName} data key`, KeyUsage: "ENCRYPT_DECRYPT" }));
  if (!KeyMetadata?.KeyId || !KeyMetadata.Arn) throw new Error("moto returned no KMS key metadata");
  const keyArn = KeyMetadata.Arn;

  const toMotoIds = (value: string) => (description.programKeyArn ? value.split(description.programKeyArn).join(keyArn) : value);
  const s3Events = await createQueue(clients, `${description.bucketName}-s3-events`);
  const notifications = await createQueue(clients, `${description.notificationTopicName}-inbox`);
  const deadLetter = description.deadLetterQueueName
    ? await createQueue(clients, description.deadLetterQueueName, description.queueKmsKeyId ? toMotoIds(description.queueKmsKeyId) : undefined)
    : undefined;

  const bucket = description.bucketName;
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await clients.s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    }),
  );
  const encryption = description.bucket?.encryption ?? { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn, bucketKeyEnabled: true };
  await clients.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: encryption.sseAlgorithm as "aws:kms",
              ...(encryption.kmsMasterKeyId ? { KMSMasterKeyID: toMotoIds(encryption.kmsMasterKeyId) } : {}),
            },
            ...(encryption.bucketKeyEnabled !== undefined ? { BucketKeyEnabled: encryption.bucketKeyEnabled } : {}),
          },
        ],
      },
    }),
  );
  const notification = description.notification ?? { events: ["s3:ObjectCreated:*"], filterPrefix: description.uploadPrefix };
  const filterRules = [
    ...(notification.filterPrefix ? [{ Name: "prefix" as const, Value: notification.filterPrefix }] : []),
    ...(notification.filterSuffix ? [{ Name: "suffix" as const, Value: notification.filterSuffix }] : []),
  ];
  await clients.s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Id: "uploads-to-e2e-queue",
            QueueArn: s3Events.arn,
            Events: [...notification.events] as Event[],
            ...(filterRules.length > 0 ? { Filter: { Key: { FilterRules: filterRules } } } : {}),
          },
        ],
      },
    }),
  );

  const { table } = description;
  const tableArn = await createTable(clients, table);

  const topicArn = await createNotificationTopic(
    clients,
    description.notificationTopicName,
    description.topicKmsKeyId ? toMotoIds(description.topicKmsKeyId) : keyArn,
    notifications.arn,
  );

  const role = {
    ...description.role,
    policyDocument: toMotoIds(description.role.policyDocument),
    permissionsBoundary: description.role.permissionsBoundary ? toMotoIds(description.role.permissionsBoundary) : undefined,
  };
  const adminCredentials = await createAdmin(clients);
  const roleArn = await createRole(clients, role);
  const clientRoleArns = description.clients
    ? {
        uploader: await createRole(clients, { ...description.clients.uploader, policyDocument: toMotoIds(description.clients.uploader.policyDocument) }),
        reader: await createRole(clients, { ...description.clients.reader, policyDocument: toMotoIds(description.clients.reader.policyDocument) }),
      }
    : undefined;

  return {
    keyId: KeyMetadata.KeyId,
    keyArn,
    bucketName: bucket,
    tableName: table.name,
    tableArn,
    topicArn,
    s3Events,
    notifications,
    deadLetter,
    roleArn,
    rolePolicyDocument: role.policyDocument,
    permissionsBoundary: role.permissionsBoundary,
    toMotoIds,
    adminCredentials,
    ...(clientRoleArns ? { clientRoleArns } : {}),
  };
}

/** Creates the KMS-encrypted topic and subscribes the inbox queue; also used to restore it after a fault test. */
export async function createNotificationTopic(clients: Clients, name: string, keyArn: string, inboxQueueArn: string): Promise<string> {
  const { TopicArn: topicArn } = await clients.sns.send(new CreateTopicCommand({ Name: name, Attributes: { KmsMasterKeyId: keyArn } }));
  if (!topicArn) throw new Error("moto returned no topic ARN");
  await clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: inboxQueueArn }));
  return topicArn;
}

/** Creates the table with its TTL; also used to restore it after a fault test deletes it. */
export async function createTable(clients: Clients, table: PipelineDescription["table"]): Promise<string> {
  const { TableDescription } = await clients.dynamodb.send(
    new CreateTableCommand({
      TableName: table.name,
      AttributeDefinitions: table.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
      KeySchema: [{ AttributeName: table.hashKey, KeyType: "HASH" }, ...(table.rangeKey ? [{ AttributeName: table.rangeKey, KeyType: "RANGE" as const }] : [])],
      ...(table.billing?.mode === "PROVISIONED"
        ? {
            BillingMode: "PROVISIONED" as const,
            ProvisionedThroughput: { ReadCapacityUnits: table.billing.readCapacity ?? 1, WriteCapacityUnits: table.billing.writeCapacity ?? 1 },
          }
        : { BillingMode: "PAY_PER_REQUEST" as const }),
      SSESpecification: { Enabled: true },
    }),
  );
  const tableArn = TableDescription?.TableArn;
  if (!tableArn) throw new Error(`moto returned no ARN for table ${table.name}`);
  await clients.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: table.name, TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute } }));
  return tableArn;
}

async function createAdmin(clients: Clients): Promise<Credentials> {
  const userName = "e2e-admin";
  await clients.iam.send(new CreateUserCommand({ UserName: userName }));
  await clients.iam.send(
    new PutUserPolicyCommand({
      UserName: userName,
      PolicyName: "everything",
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
    }),
  );
  const { AccessKey } = await clients.iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error("moto returned no access key");
  return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
}

async function createRole(clients: Clients, role: RoleDescription): Promise<string> {
  let permissionsBoundary: string | undefined;
  if (role.permissionsBoundary) {
    const { Policy } = await clients.iam.send(new CreatePolicyCommand({ PolicyName: `${role.name}-boundary`, PolicyDocument: role.permissionsBoundary }));
    permissionsBoundary = Policy?.Arn;
  }
  // moto does not evaluate trust policies on sts:AssumeRole, so the tests assume the role whatever it trusts.
  const trust =
    role.trustPolicy ??
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT_ID}:root` }, Action: "sts:AssumeRole" }],
    });
  const { Role } = await clients.iam.send(new CreateRoleCommand({ RoleName: role.name, AssumeRolePolicyDocument: trust, PermissionsBoundary: permissionsBoundary }));
  if (!Role?.Arn) throw new Error(`moto returned no ARN for role ${role.name}`);
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName: `${role.name}-policy`, PolicyDocument: role.policyDocument }));
  return Role.Arn;
}

/** Temporary credentials of the role, as Lambda would hand them to the function. */
export async function assumeRole(clients: Clients, roleArn: string, sessionName = "e2e-lambda"): Promise<Credentials> {
  const { Credentials: creds } = await clients.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  if (!creds?.AccessKeyId || !creds.SecretAccessKey || !creds.SessionToken) throw new Error(`could not assume ${roleArn}`);
  return { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken };
}
