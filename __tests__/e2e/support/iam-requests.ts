/**
 * Turns the SDK calls the packaged handler made (recorded in its process) into the IAM
 * authorisations AWS performs for them: the action, the resource ARN and the request context.
 * The SDK-operation-to-IAM-action table is AWS's (Service Authorization Reference), kept to the
 * operations this handler uses; an unknown operation fails loudly instead of being skipped.
 */
import type { IamRequest } from "./iam-evaluator";
import type { RecordedCall } from "./packaged-handler";

/** `<Client>.<Command>` -> IAM action. HeadObject is authorised as s3:GetObject. */
const IAM_ACTION: Readonly<Record<string, string>> = {
  "S3Client.HeadObjectCommand": "s3:GetObject",
  "S3Client.GetObjectCommand": "s3:GetObject",
  "S3Client.PutObjectCommand": "s3:PutObject",
  "DynamoDBClient.PutItemCommand": "dynamodb:PutItem",
  "DynamoDBClient.GetItemCommand": "dynamodb:GetItem",
  "DynamoDBClient.UpdateItemCommand": "dynamodb:UpdateItem",
  "DynamoDBClient.QueryCommand": "dynamodb:Query",
  "SNSClient.PublishCommand": "sns:Publish",
};

export interface AccountContext {
  readonly region: string;
  readonly accountId: string;
  /** The KMS key that encrypts the bucket's objects and the topic. */
  readonly keyArn: string;
  /** The role the function runs as, for `aws:PrincipalArn`. */
  readonly roleArn: string;
}

/** A request plus where it came from, for readable failures. */
export interface DerivedRequest extends IamRequest {
  readonly origin: string;
}

function input(call: RecordedCall, field: string): string {
  const value = call.input[field];
  if (!value) throw new Error(`${call.client}.${call.command} was recorded without ${field}`);
  return value;
}

/** The authorisations one recorded call needs, including the KMS calls AWS makes on the caller's behalf. */
export function iamRequestsFor(call: RecordedCall, ctx: AccountContext): DerivedRequest[] {
  const id = `${call.client}.${call.command}`;
  const action = IAM_ACTION[id];
  if (!action) throw new Error(`no IAM action known for ${id}: add it to IAM_ACTION in ${__filename}`);
  const global = { "aws:SecureTransport": "true", "aws:PrincipalArn": ctx.roleArn, "aws:PrincipalAccount": ctx.accountId };
  const origin = `${id} (recorded)`;
  const viaService = (service: string) => ({ ...global, "kms:ViaService": `${service}.${ctx.region}.amazonaws.com`, "kms:CallerAccount": ctx.accountId });
  switch (call.client) {
    case "S3Client": {
      const resource = `arn:aws:s3:::${input(call, "Bucket")}/${input(call, "Key")}`;
      if (call.command === "PutObjectCommand") {
        const sse: Record<string, string> = {};
        if (call.input.ServerSideEncryption) sse["s3:x-amz-server-side-encryption"] = call.input.ServerSideEncryption;
        if (call.input.SSEKMSKeyId) sse["s3:x-amz-server-side-encryption-aws-kms-key-id"] = call.input.SSEKMSKeyId;
        const kmsKey = call.input.SSEKMSKeyId ?? ctx.keyArn;
        return [
          { action, resource, context: { ...global, ...sse }, origin },
          // S3 asks KMS for a data key with the caller's permissions to write an SSE-KMS object.
          { action: "kms:GenerateDataKey", resource: kmsKey, context: viaService("s3"), origin: `${id} (implied: SSE-KMS write)` },
        ];
      }
      if (call.command === "GetObjectCommand") {
        return [
          { action, resource, context: global, origin },
          // Reading an SSE-KMS object makes S3 decrypt its data key with the caller's permissions.
          { action: "kms:Decrypt", resource: ctx.keyArn, context: viaService("s3"), origin: `${id} (implied: SSE-KMS read)` },
        ];
      }
      return [{ action, resource, context: global, origin }];
    }
    case "DynamoDBClient":
      return [{ action, resource: `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${input(call, "TableName")}`, context: global, origin }];
    case "SNSClient":
      return [
        { action, resource: input(call, "TopicArn"), context: global, origin },
        // Publishing to a KMS-encrypted topic needs both on the topic's key (SNS developer guide).
        { action: "kms:GenerateDataKey", resource: ctx.keyArn, context: viaService("sns"), origin: `${id} (implied: encrypted topic)` },
        { action: "kms:Decrypt", resource: ctx.keyArn, context: viaService("sns"), origin: `${id} (implied: encrypted topic)` },
      ];
    default:
      throw new Error(`no resource mapping for ${id}`);
  }
}

/** Unique requests (same action, resource and context once), in first-seen order. */
export function uniqueRequests(requests: readonly DerivedRequest[]): DerivedRequest[] {
  const seen = new Map<string, DerivedRequest>();
  for (const r of requests) {
    const key = JSON.stringify([r.action, r.resource, r.context]);
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}
