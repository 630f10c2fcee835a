/**
 * Reads the pipeline out of what the Pulumi program registers under mocks: names and settings of
 * the key, bucket, table, topic and failure queue, the Lambda's environment, code archive and
 * role policies, and the resource policies (key, bucket, topic) the evaluator needs. Nothing
 * here is hard-coded from the program: change a name or a statement there and the suite follows.
 */
import type { ResourceRecord } from "../../../offline/run-program";
import type { PipelineDescription, RoleDescription } from "./pipeline-in-moto";

/** A resource as the offline runner (offline/run-program.ts) reports it. */
export type RegisteredResource = Pick<ResourceRecord, "urn" | "type" | "name" | "inputs" | "outputs"> & Partial<Pick<ResourceRecord, "rawInputs">>;

/** Everything the suite takes from the program. */
export interface ProgramPipeline {
  readonly description: PipelineDescription;
  /** The Lambda's environment variables, exactly as the component sets them. */
  readonly functionEnvironment: Readonly<Record<string, string>>;
  readonly functionName: string;
  /** The raw `code` input of the CallbackFunction (an AssetArchive). */
  readonly functionCode: unknown;
  readonly functionRuntime: string;
  readonly reservedConcurrency: unknown;
  readonly keyPolicy: string;
  readonly bucketPolicy?: string;
  readonly topicPolicy?: string;
  /** ARNs of the program's other topics (the security-alerts topic): the Lambda must not publish there. */
  readonly otherTopicArns: readonly string[];
  /** URNs of the program's resources the harness creates in moto (see coverage.ts for the rest). */
  readonly created: ReadonlySet<string>;
}

function only(resources: readonly RegisteredResource[], what: string, match: (r: RegisteredResource) => boolean): RegisteredResource {
  const found = resources.filter(match);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${what} in the program, found ${found.length}: ${found.map((r) => r.urn).join(", ") || "none"}`);
  }
  return found[0];
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`${what} is not a known string in the program (got ${JSON.stringify(value)})`);
  return value;
}

/** The value of a property: the output when the mock minted one, else the input. */
function prop(resource: RegisteredResource, key: string): unknown {
  return resource.outputs[key] ?? resource.inputs[key];
}

export function pipelineFromProgram(resources: readonly RegisteredResource[]): ProgramPipeline {
  const trigger = only(resources, "S3 bucket notification for the Lambda", (r) => r.type === "aws:s3/bucketNotification:BucketNotification");
  const bucketName = text(trigger.inputs.bucket, "the notification's bucket");
  const lambdaTriggers = trigger.inputs.lambdaFunctions as { lambdaFunctionArn?: string; filterPrefix?: string; filterSuffix?: string; events?: string[] }[] | undefined;
  if (!lambdaTriggers || lambdaTriggers.length !== 1) throw new Error("expected the bucket notification to trigger exactly one Lambda");
  const uploadPrefix = text(lambdaTriggers[0].filterPrefix, "the trigger's filterPrefix");
  const fn = only(resources, "Lambda function triggered by the bucket", (r) => r.type === "aws:lambda/function:Function" && prop(r, "arn") === lambdaTriggers[0].lambdaFunctionArn);

  const env = ((fn.inputs.environment as { variables?: Record<string, unknown> } | undefined)?.variables ?? {}) as Record<string, unknown>;
  const functionEnvironment = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, text(v, `environment variable ${k}`)]));

  const tableName = text(functionEnvironment.TABLE_NAME, "TABLE_NAME");
  const table = only(resources, `table ${tableName}`, (r) => r.type === "aws:dynamodb/table:Table" && prop(r, "name") === tableName);
  const topicArn = text(functionEnvironment.TOPIC_ARN, "TOPIC_ARN");
  const topic = only(resources, `topic ${topicArn}`, (r) => r.type === "aws:sns/topic:Topic" && prop(r, "arn") === topicArn);
  const programKeyArn = text(functionEnvironment.KMS_KEY_ARN, "KMS_KEY_ARN");
  const key = only(resources, `KMS key ${programKeyArn}`, (r) => r.type === "aws:kms/key:Key" && prop(r, "arn") === programKeyArn);

  const roleArn = text(fn.inputs.role, "the function's role");
  const role = only(resources, `role ${roleArn}`, (r) => r.type === "aws:iam/role:Role" && prop(r, "arn") === roleArn);
  const roleName = text(prop(role, "name"), "the role's name");
  const rolePolicy = only(
    resources,
    `inline policy of role ${roleName}`,
    (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && (r.inputs.role === roleName || r.inputs.role === role.outputs.id),
  );
  const boundaryArn = role.inputs.permissionsBoundary as string | undefined;
  const boundary = boundaryArn ? only(resources, `boundary ${boundaryArn}`, (r) => r.type === "aws:iam/policy:Policy" && prop(r, "arn") === boundaryArn) : undefined;

  const invokeConfig = resources.find((r) => r.type === "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
  const failureArn = (invokeConfig?.inputs.destinationConfig as { onFailure?: { destination?: string } } | undefined)?.onFailure?.destination;
  const failureQueue = failureArn ? only(resources, `queue ${failureArn}`, (r) => r.type === "aws:sqs/queue:Queue" && prop(r, "arn") === failureArn) : undefined;

  const ttl = table.inputs.ttl as { attributeName?: string; enabled?: boolean } | undefined;
  if (!ttl?.enabled) throw new Error(`table ${tableName} has no TTL enabled in the program`);
  const attributes = (table.inputs.attributes as { name: string; type: "S" | "N" | "B" }[] | undefined) ?? [];

  const bucketPolicy = resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.inputs.bucket === bucketName);
  const topicPolicy = resources.find((r) => r.type === "aws:sns/topicPolicy:TopicPolicy" && r.inputs.arn === topicArn);
  const bucket = only(resources, `bucket ${bucketName}`, (r) => r.type === "aws:s3/bucket:Bucket" && (prop(r, "bucket") === bucketName || r.outputs.id === bucketName));
  const encryption = only(
    resources,
    `encryption of bucket ${bucketName}`,
    (r) => r.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration" && r.inputs.bucket === bucketName,
  );
  const sse = (
    encryption.inputs.rules as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string }; bucketKeyEnabled?: boolean }[] | undefined
  )?.[0];
  const publicAccess = resources.find((r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && r.inputs.bucket === bucketName);
  const permission = resources.find((r) => r.type === "aws:lambda/permission:Permission" && r.inputs.function === prop(fn, "name"));
  const clients = clientRoles(resources);
  const billingMode = text(table.inputs.billingMode ?? "PAY_PER_REQUEST", "the table's billing mode");

  return {
    description: {
      programKeyArn,
      bucketName,
      uploadPrefix,
      table: {
        name: tableName,
        hashKey: text(table.inputs.hashKey, "the table's hashKey"),
        rangeKey: table.inputs.rangeKey as string | undefined,
        attributes: attributes.map((a) => ({ name: a.name, type: a.type })),
        ttlAttribute: text(ttl.attributeName, "the table's TTL attribute"),
        billing: {
          mode: billingMode as "PROVISIONED" | "PAY_PER_REQUEST",
          readCapacity: table.inputs.readCapacity as number | undefined,
          writeCapacity: table.inputs.writeCapacity as number | undefined,
        },
      },
      bucket: {
        encryption: {
          sseAlgorithm: text(sse?.applyServerSideEncryptionByDefault?.sseAlgorithm, "the bucket's default encryption"),
          kmsMasterKeyId: sse?.applyServerSideEncryptionByDefault?.kmsMasterKeyId,
          bucketKeyEnabled: sse?.bucketKeyEnabled,
        },
      },
      notification: {
        events: (lambdaTriggers[0].events ?? []).map((e) => text(e, "a notification event")),
        filterPrefix: uploadPrefix,
        ...(lambdaTriggers[0].filterSuffix ? { filterSuffix: lambdaTriggers[0].filterSuffix } : {}),
      },
      topicKmsKeyId: topic.inputs.kmsMasterKeyId as string | undefined,
      queueKmsKeyId: failureQueue?.inputs.kmsMasterKeyId as string | undefined,
      ...(clients ? { clients: clients.roles } : {}),
      notificationTopicName: text(prop(topic, "name"), "the topic's name"),
      deadLetterQueueName: failureQueue ? text(prop(failureQueue, "name"), "the failure queue's name") : undefined,
      role: {
        name: roleName,
        policyDocument: text(rolePolicy.inputs.policy, "the role's inline policy"),
        trustPolicy: text(role.inputs.assumeRolePolicy, "the role's trust policy"),
        permissionsBoundary: boundary ? text(boundary.inputs.policy, "the boundary policy") : undefined,
      },
    },
    functionEnvironment,
    functionName: text(prop(fn, "name"), "the function's name"),
    functionCode: fn.rawInputs?.code,
    functionRuntime: text(fn.inputs.runtime, "the function's runtime"),
    reservedConcurrency: fn.inputs.reservedConcurrentExecutions,
    keyPolicy: text(key.inputs.policy, "the key policy"),
    bucketPolicy: bucketPolicy ? text(bucketPolicy.inputs.policy, "the bucket policy") : undefined,
    topicPolicy: topicPolicy ? text(topicPolicy.inputs.policy, "the topic policy") : undefined,
    otherTopicArns: resources.filter((r) => r.type === "aws:sns/topic:Topic" && r !== topic).map((r) => text(prop(r, "arn"), "a topic ARN")),
    created: new Set(
      [trigger, fn, table, topic, key, role, rolePolicy, boundary, failureQueue, bucket, encryption, publicAccess, permission, ...(clients?.records ?? [])]
        .filter((r): r is RegisteredResource => r !== undefined)
        .map((r) => r.urn),
    ),
  };
}

/** The uploader and reader roles (PipelineAccess) with their inline policies, if the program has them. */
function clientRoles(resources: readonly RegisteredResource[]): { roles: { uploader: RoleDescription; reader: RoleDescription }; records: RegisteredResource[] } | undefined {
  const access = resources.filter((r) => r.type === "secure-image-pipeline:security:PipelineAccess");
  if (access.length === 0) return undefined;
  if (access.length > 1) throw new Error(`expected at most one PipelineAccess in the program, found ${access.length}`);
  const records: RegisteredResource[] = [];
  const describe = (kind: string): RoleDescription => {
    const role = only(resources, `${kind} role`, (r) => r.type === "aws:iam/role:Role" && r.name === `${access[0].name}-${kind}`);
    const name = text(prop(role, "name"), `the ${kind} role's name`);
    const policy = only(
      resources,
      `inline policy of the ${kind} role`,
      (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && (r.inputs.role === name || r.inputs.role === role.outputs.id),
    );
    records.push(role, policy);
    return { name, policyDocument: text(policy.inputs.policy, `the ${kind} role's policy`), trustPolicy: text(role.inputs.assumeRolePolicy, `the ${kind} role's trust policy`) };
  };
  return { roles: { uploader: describe("uploader"), reader: describe("reader") }, records };
}
