import { PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { MalwareScan } from "../scan-events";
import { isConditionalCheckFailed } from "./clients";

export type RecordStatus = "processing" | "processed" | "rejected";
export type NotificationState = "pending" | "sent";

export interface VariantRecord {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly contentType: string;
}

/**
 * One item per upload version and output configuration: `pk` = object key, `sk` =
 * `<ETag>#<configId>` (see `recordSortKey`), so a re-upload with new content, or the same content
 * under new variants, gets its own record, and a duplicate event for the same content and
 * configuration finds the old one.
 */
export interface UploadRecord {
  readonly pk: string;
  readonly sk: string;
  readonly status: RecordStatus;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  /** `outputConfigId` of the configuration the upload was processed with. */
  readonly configId: string;
  readonly size: number;
  readonly format?: string;
  readonly width?: number;
  readonly height?: number;
  readonly variants?: readonly VariantRecord[];
  readonly reason?: string;
  readonly errorCode?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Epoch seconds; the table's TTL attribute. */
  readonly expiresAt: number;
  readonly notification?: NotificationState;
  readonly messageId?: string;
  /** The clean GuardDuty scan the upload was processed after (with the malware-scan gate). */
  readonly malwareScan?: MalwareScan;
  /** Claim only: epoch milliseconds after which another invocation may take over. */
  readonly leaseUntil?: number;
  /** Claim only: which invocation holds it. */
  readonly claimId?: string;
}

export interface ClaimRequest {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly configId: string;
  readonly size: number;
  readonly claimId: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly ttlDays: number;
  readonly malwareScan?: MalwareScan;
}

export type ClaimResult = { readonly claimed: true; readonly record: UploadRecord } | { readonly claimed: false; readonly existing: UploadRecord | undefined };

/** The record's sort key: the content (ETag) and the output configuration it was processed with. */
export function recordSortKey(etag: string, configId: string): string {
  return `${etag}#${configId}`;
}

const toItem = (record: UploadRecord) => marshall(record, { removeUndefinedValues: true, convertClassInstanceToMap: false });

/**
 * Step 1 of the idempotent write sequence: create the item as `processing`, unless one exists
 * for this key and ETag that is final or whose lease has not run out. A refusal returns the
 * existing item (ALL_OLD) so the caller can finish a half-done notification without a read.
 */
export async function claimUpload(db: DynamoDBClient, table: string, request: ClaimRequest): Promise<ClaimResult> {
  const at = request.now.toISOString();
  const record: UploadRecord = {
    pk: request.key,
    sk: recordSortKey(request.etag, request.configId),
    status: "processing",
    bucket: request.bucket,
    key: request.key,
    etag: request.etag,
    configId: request.configId,
    size: request.size,
    createdAt: at,
    updatedAt: at,
    expiresAt: Math.floor(request.now.getTime() / 1000) + request.ttlDays * 86_400,
    leaseUntil: request.now.getTime() + request.leaseMs,
    claimId: request.claimId,
    ...(request.malwareScan ? { malwareScan: request.malwareScan } : {}),
  };
  try {
    await db.send(
      new PutItemCommand({
        TableName: table,
        Item: toItem(record),
        ConditionExpression: "attribute_not_exists(pk) OR (#status = :processing AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: marshall({ ":processing": "processing", ":now": request.now.getTime() }),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { claimed: true, record };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const raw = error.Item as Parameters<typeof unmarshall>[0] | undefined;
    const existing = raw ? (unmarshall(raw) as UploadRecord) : undefined;
    // Our own claim: the write landed, its response was lost and the SDK retried it.
    if (existing?.status === "processing" && existing.claimId === request.claimId) return { claimed: true, record };
    return { claimed: false, existing };
  }
}

/** Writes `item` in place of our claim, only if the stored item is still that claim. */
async function putOverOurClaim(db: DynamoDBClient, table: string, item: UploadRecord, claimId: string): Promise<void> {
  await db.send(
    new PutItemCommand({
      TableName: table,
      Item: toItem(item),
      ConditionExpression: "#status = :processing AND claimId = :claimId",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: marshall({ ":processing": "processing", ":claimId": claimId }),
    }),
  );
}

/** Step 3: replace our claim with the final record, only if the claim is still ours. */
export async function saveFinalRecord(db: DynamoDBClient, table: string, record: UploadRecord, claimId: string): Promise<void> {
  await putOverOurClaim(db, table, record, claimId);
}

/**
 * On a failure before the final record: expire our lease at once so Lambda's retry can claim
 * again without waiting for the timeout. Best effort (the caller logs a failure): the lease
 * runs out by itself anyway.
 */
export async function releaseClaim(db: DynamoDBClient, table: string, claim: UploadRecord): Promise<void> {
  await putOverOurClaim(db, table, { ...claim, leaseUntil: 0 }, claim.claimId ?? "");
}

/**
 * Step 5: record that the notification went out. Returns false if the item changed meanwhile
 * (another invocation marked it first): harmless, the message is already out.
 */
export async function markNotified(db: DynamoDBClient, table: string, record: UploadRecord, messageId: string): Promise<UploadRecord | undefined> {
  const sent: UploadRecord = { ...record, notification: "sent", messageId };
  try {
    await db.send(
      new PutItemCommand({
        TableName: table,
        Item: toItem(sent),
        ConditionExpression: "#status = :status AND notification = :pending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: marshall({ ":status": record.status, ":pending": "pending" }),
      }),
    );
    return sent;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}
