/** Reading the pipeline's state back from moto: objects, records and notifications. */
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Deployment } from "./deploy";
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

export async function objectBytes(d: Deployment, key: string): Promise<Buffer> {
  const response = await d.admin.s3.send(new GetObjectCommand({ Bucket: d.moto.bucketName, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
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

/** Uploads objects and returns the S3 events moto emitted for them, one per upload. */
export async function upload(d: Deployment, objects: readonly { key: string; body: Buffer; contentType?: string }[]): Promise<S3Event[]> {
  for (const o of objects) {
    await d.admin.s3.send(new PutObjectCommand({ Bucket: d.moto.bucketName, Key: o.key, Body: o.body, ContentType: o.contentType }));
  }
  const events = s3EventsFrom(await drainQueue(d.admin.sqs, d.moto.s3Events.url));
  if (events.length !== objects.length) throw new Error(`expected ${objects.length} S3 events, moto emitted ${events.length}`);
  return events;
}
