/**
 * In-memory S3, DynamoDB and SNS behind aws-sdk-client-mock, so handler tests can follow state
 * across invocations (claim, crash, retry). The fake DynamoDB evaluates only the handler's four
 * condition expressions, written out by hand here, and throws on any other: it proves what the
 * handler asks for and how it reacts, not how DynamoDB parses expressions (the moto suite does).
 */
import { createHash } from "node:crypto";
import { validateHeaderValue } from "node:http";
import { Readable } from "node:stream";
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand, type AttributeValue, type PutItemCommandInput } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client, S3ServiceException, type PutObjectCommandInput } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient, type PublishCommandInput } from "@aws-sdk/client-sns";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";

/** Per operation, the outcomes of its next calls: an error to throw, or null to let it through. */
type Faults = Map<string, Array<Error | null>>;

export interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly input?: PutObjectCommandInput;
}

export class FakeAws {
  readonly s3 = mockClient(S3Client);
  readonly dynamodb = mockClient(DynamoDBClient);
  readonly sns = mockClient(SNSClient);
  readonly objects = new Map<string, StoredObject>();
  readonly items = new Map<string, Record<string, AttributeValue>>();
  readonly published: PublishCommandInput[] = [];
  /** Every command, in order, as "Service.Operation": what the handler asked AWS to do. */
  readonly calls: string[] = [];
  /**
   * The next PutItem is applied and then sent again, as the SDK does when a response is lost
   * on the way back (the retry then meets its own write).
   */
  replayNextPutItem = false;
  /** Runs after HeadObject has answered: lets a test change the bucket between HEAD and GET. */
  afterHead: ((key: string) => void) | undefined;
  private readonly faults: Faults = new Map();
  private messageCount = 0;

  constructor() {
    this.s3.on(HeadObjectCommand).callsFake((input) => {
      this.record("S3.HeadObject");
      const object = this.objects.get(`${input.Bucket}/${input.Key}`);
      if (!object) throw new NotFound({ message: "Not Found", $metadata: { httpStatusCode: 404 } });
      const answer = { ETag: `"${object.etag}"`, ContentLength: object.body.length, $metadata: {} };
      this.afterHead?.(input.Key!);
      return answer;
    });
    this.s3.on(GetObjectCommand).callsFake((input) => {
      this.record("S3.GetObject");
      const object = this.objects.get(`${input.Bucket}/${input.Key}`);
      if (!object) throw new S3ServiceException({ name: "NoSuchKey", $fault: "client", message: "NoSuchKey", $metadata: { httpStatusCode: 404 } });
      if (input.IfMatch !== undefined && input.IfMatch !== `"${object.etag}"`) {
        throw new S3ServiceException({
          name: "PreconditionFailed",
          $fault: "client",
          message: "At least one of the pre-conditions you specified did not hold",
          $metadata: { httpStatusCode: 412 },
        });
      }
      // Delivered in 64 KiB chunks, like a socket would.
      const chunks: Buffer[] = [];
      for (let i = 0; i < object.body.length; i += 65536) chunks.push(object.body.subarray(i, i + 65536));
      return { Body: Readable.from(chunks) as never, ContentLength: object.body.length, ETag: `"${object.etag}"`, $metadata: {} };
    });
    this.s3.on(PutObjectCommand).callsFake((input) => {
      this.record("S3.PutObject");
      checkS3Limits(input);
      const body = input.Body as Buffer;
      this.objects.set(`${input.Bucket}/${input.Key}`, { body, etag: md5(body), input });
      return { ETag: `"${md5(body)}"`, $metadata: {} };
    });
    this.dynamodb.on(PutItemCommand).callsFake((input) => this.putItem(input));
    this.sns.on(PublishCommand).callsFake((input) => {
      this.record("SNS.Publish");
      this.published.push(input);
      return { MessageId: `message-${++this.messageCount}`, $metadata: {} };
    });
  }

  /** Puts an upload in the bucket, as a user would. */
  upload(bucket: string, key: string, body: Buffer): StoredObject {
    const object = { body, etag: md5(body) };
    this.objects.set(`${bucket}/${key}`, object);
    return object;
  }

  /**
   * The next `operation` calls (e.g. "SNS.Publish") fail with these errors, in order; a null
   * lets that call through (e.g. `failNext("DynamoDB.PutItem", null, err)` fails the second).
   */
  failNext(operation: string, ...errors: Array<Error | null>): void {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), ...errors]);
  }

  /**
   * The record of one upload's content (key and ETag). Records are also keyed by the output
   * configuration: this finds the only one for that content, and fails if there are several
   * (a test with more than one configuration names it with `records`).
   */
  item(pk: string, etag: string): Record<string, unknown> | undefined {
    const found = this.records(pk).filter((record) => record.etag === etag);
    if (found.length > 1) throw new Error(`${found.length} records for ${pk} ${etag}: use records()`);
    return found[0];
  }

  /** Every record of an object key, in sort-key order. */
  records(pk: string): Record<string, unknown>[] {
    return [...this.items.entries()]
      .filter(([id]) => id.startsWith(`${pk}\u0000`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, raw]) => unmarshall(raw));
  }

  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  restore(): void {
    this.s3.restore();
    this.dynamodb.restore();
    this.sns.restore();
  }

  private record(operation: string): void {
    this.calls.push(operation);
    const error = this.faults.get(operation)?.shift();
    if (error) throw error;
  }

  private putItem(input: PutItemCommandInput): { $metadata: Record<string, never> } {
    this.record("DynamoDB.PutItem");
    const item = input.Item!;
    const id = `${item.pk.S}\u0000${item.sk.S}`;
    const existing = this.items.get(id);
    if (!conditionHolds(input, existing)) {
      throw new ConditionalCheckFailedException({
        message: "The conditional request failed",
        $metadata: { httpStatusCode: 400 },
        ...(input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && existing ? { Item: existing } : {}),
      });
    }
    this.items.set(id, item);
    if (this.replayNextPutItem) {
      this.replayNextPutItem = false;
      return this.putItem(input);
    }
    return { $metadata: {} };
  }
}

/** S3's key limit, 1,024 bytes of UTF-8. */
export const S3_KEY_LIMIT_BYTES = 1024;
/** S3's user-metadata limit: names and values, UTF-8 bytes, 2 KB. */
export const S3_METADATA_LIMIT_BYTES = 2048;

/**
 * What S3 and the HTTP layer refuse before storing an object: a key over 1,024 bytes
 * (KeyTooLongError), user metadata over 2 KB (MetadataTooLarge), and a metadata value that is not
 * a valid header value (Node's own check, which the real SDK meets when it builds the request).
 */
function checkS3Limits(input: PutObjectCommandInput): void {
  if (Buffer.byteLength(input.Key ?? "", "utf8") > S3_KEY_LIMIT_BYTES) {
    throw new S3ServiceException({ name: "KeyTooLongError", $fault: "client", message: "Your key is too long", $metadata: { httpStatusCode: 400 } });
  }
  let metadataBytes = 0;
  for (const [name, value] of Object.entries(input.Metadata ?? {})) {
    validateHeaderValue(`x-amz-meta-${name}`, value);
    metadataBytes += Buffer.byteLength(name, "utf8") + Buffer.byteLength(value, "utf8");
  }
  if (metadataBytes > S3_METADATA_LIMIT_BYTES) {
    throw new S3ServiceException({
      name: "MetadataTooLarge",
      $fault: "client",
      message: "Your metadata headers exceed the maximum allowed metadata size.",
      $metadata: { httpStatusCode: 400 },
    });
  }
}

function conditionHolds(input: PutItemCommandInput, existingRaw: Record<string, AttributeValue> | undefined): boolean {
  const old = existingRaw ? unmarshall(existingRaw) : undefined;
  const values = input.ExpressionAttributeValues ? unmarshall(input.ExpressionAttributeValues) : {};
  expectStatusAlias(input);
  switch (input.ConditionExpression) {
    case undefined:
      return true;
    case "attribute_not_exists(pk) OR (#status = :processing AND leaseUntil < :now)":
      return old === undefined || (old.status === values[":processing"] && typeof old.leaseUntil === "number" && old.leaseUntil < values[":now"]);
    case "#status = :processing AND claimId = :claimId":
      return old !== undefined && old.status === values[":processing"] && old.claimId === values[":claimId"];
    case "#status = :status AND notification = :pending":
      return old !== undefined && old.status === values[":status"] && old.notification === values[":pending"];
    default:
      throw new Error(`fake DynamoDB: unsupported condition ${input.ConditionExpression}`);
  }
}

function expectStatusAlias(input: PutItemCommandInput): void {
  if (input.ConditionExpression?.includes("#status") && input.ExpressionAttributeNames?.["#status"] !== "status") {
    throw new Error("fake DynamoDB: #status is not mapped to status");
  }
}

export function md5(body: Buffer): string {
  return createHash("md5").update(body).digest("hex");
}

/** An S3 event notification as S3 sends it (keys form-encoded). */
export function s3Event(...records: Array<{ key: string; bucket?: string; eventName?: string; eventSource?: string; size?: number }>) {
  return {
    Records: records.map(({ key, bucket = "images-bucket", eventName = "ObjectCreated:Put", eventSource = "aws:s3", size = 1 }) => ({
      eventVersion: "2.1",
      eventSource,
      awsRegion: "us-east-1",
      eventTime: "2026-11-29T08:00:00.000Z",
      eventName,
      s3: { s3SchemaVersion: "1.0", bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key, size, eTag: "0" } },
    })),
  };
}

/** How S3 encodes a key in an event: form encoding, spaces as `+`. */
export const eventKey = (key: string) => encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");

export function lambdaContext(requestId = "req-1", remainingMs = 60_000) {
  return {
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => remainingMs,
    functionName: "image-processor",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:image-processor",
    memoryLimitInMB: "512",
  };
}

export const throttling = (service: string) =>
  Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $fault: "client", $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 }, service });
export const serverError = () =>
  new S3ServiceException({ name: "ServiceUnavailable", $fault: "server", message: "Please reduce your request rate.", $metadata: { httpStatusCode: 503 } });
