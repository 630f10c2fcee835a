/** Reading the pipeline's state back from moto: objects, records and notifications. */
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { ENV } from "../../../handlers/config";
import type { Deployment } from "./deploy";
import { destroyClients, motoClients, withIamEnforced, type Credentials } from "./moto";
import { drainQueue, s3EventsFrom, snsEnvelopesFrom, type S3Event } from "./queues";

export async function listKeys(d: Deployment, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await d.admin.s3.send(new ListObjectsV2Command({ Bucket: d.moto.bucketName, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ""));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Runs `act` with clients holding `credentials`, IAM enforced (moto evaluates S3 and SQS). */
async function as<T>(credentials: Credentials, act: (clients: ReturnType<typeof motoClients>) => Promise<T>): Promise<T> {
  const clients = motoClients(credentials);
  try {
    return await withIamEnforced(() => act(clients));
  } finally {
    destroyClients(clients);
  }
}

/** An object's bytes: outputs (processed/) are read as the stack's reader role, originals as the suite's admin. */
export async function objectBytes(d: Deployment, key: string): Promise<Buffer> {
  const get = async (s3: Deployment["admin"]["s3"]) => {
    const response = await s3.send(new GetObjectCommand({ Bucket: d.moto.bucketName, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  };
  return key.startsWith(d.program.functionEnvironment[ENV.processedPrefix]) ? as(d.readerCredentials, (c) => get(c.s3)) : get(d.admin.s3);
}

export async function objectHead(d: Deployment, key: string) {
  return d.admin.s3.send(new HeadObjectCommand({ Bucket: d.moto.bucketName, Key: key }));
}

/** Every record the table holds for one object key (the table's hash key is the object key). */
export async function recordsFor(d: Deployment, key: string): Promise<Record<string, unknown>[]> {
  const { hashKey } = d.program.description.table;
  const { Items = [] } = await d.admin.dynamodb.send(
    new QueryCommand({
      TableName: d.moto.tableName,
      KeyConditionExpression: "#pk = :key",
      ExpressionAttributeNames: { "#pk": hashKey },
      ExpressionAttributeValues: { ":key": { S: key } },
    }),
  );
  return Items.map((item) => unmarshall(item));
}

/** The notifications published since the last call (taken from the topic's SQS subscriber). */
export async function newNotifications(d: Deployment) {
  return snsEnvelopesFrom(await drainQueue(d.admin.sqs, d.moto.notifications.url)).map((e) => ({
    topicArn: e.TopicArn,
    status: e.MessageAttributes?.status?.Value,
    message: JSON.parse(e.Message) as Record<string, unknown>,
  }));
}

/**
 * Uploads objects as the stack's uploader role (its generated policy, IAM enforced), with the SSE-KMS
 * headers the bucket policy requires, and returns the S3 events moto emitted, one per upload.
 */
export async function upload(d: Deployment, objects: readonly { key: string; body: Buffer; contentType?: string }[]): Promise<S3Event[]> {
  await as(d.uploaderCredentials, async (uploader) => {
    for (const o of objects) {
      await uploader.s3.send(
        new PutObjectCommand({ Bucket: d.moto.bucketName, Key: o.key, Body: o.body, ContentType: o.contentType, ServerSideEncryption: "aws:kms", SSEKMSKeyId: d.moto.keyArn }),
      );
    }
  });
  const events = s3EventsFrom(await drainQueue(d.admin.sqs, d.moto.s3Events.url));
  if (events.length !== objects.length) throw new Error(`expected ${objects.length} S3 events, moto emitted ${events.length}`);
  return events;
}
