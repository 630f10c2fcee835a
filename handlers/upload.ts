/**
 * One upload, end to end, idempotent with PutItem alone (the role has no GetItem/UpdateItem):
 *
 *  1. claim    PutItem status=processing, leaseUntil=now+remaining time, only if no item exists
 *              or a previous claim's lease ran out. A refused claim returns the old item
 *              (ALL_OLD): final + notification pending -> publish it again and mark it sent (no
 *              reprocessing); final + sent -> a duplicate event, skip; processing -> another
 *              invocation is on it, skip. (A refusal that returns our own claimId is our own
 *              write, retried by the SDK after a lost response: we hold the claim.)
 *  2. process  download, transform, write every variant. Keys are deterministic, so a retry
 *              overwrites the same objects with the same bytes.
 *  3. record   PutItem the final item (processed or rejected), notification=pending, only if
 *              the claim is still ours.
 *  4. publish  SNS, one message per upload.
 *  5. mark     PutItem notification=sent + messageId.
 *
 * A permanent problem with the image is a rejection: recorded and published like a success.
 * Anything else (throttling, 5xx, network, a bug) is thrown so that Lambda retries the whole
 * event and, after its retries, sends it to the failure destination; before throwing in steps
 * 2-3 the claim is released (lease set to 0) so the retry can claim at once. A crash that cannot
 * release (timeout, out of memory) leaves a lease that ends when the invocation's time would
 * have, before Lambda's first retry. A failure in 4-5 leaves a consistent final record with
 * notification=pending, which the retry finds at step 1 and publishes. Delivery is therefore
 * at least once: a subscriber may see the same (key, etag) twice and should deduplicate on it.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { AwsClients } from "./aws/clients";
import { publishResult } from "./aws/notify";
import { claimUpload, markNotified, releaseClaim, saveFinalRecord, type UploadRecord, type VariantRecord } from "./aws/records";
import { downloadSource, headSource, putVariant, type SourceObject } from "./aws/storage";
import { outputConfigId, type HandlerConfig } from "./config";
import type { UploadRef } from "./events";
import { classifyError } from "./error-classes";
import { ImageRejection, isImageRejection } from "./image/errors";
import { checkByteSize, processImage } from "./image/process";
import { variantKey } from "./keys";

export interface PipelineDeps {
  readonly config: HandlerConfig;
  readonly clients: AwsClients;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
}

export interface Invocation {
  readonly requestId: string;
  /** Milliseconds this invocation may still run: the claim's lease. */
  readonly remainingMs: () => number;
}

/** What happened to one upload (for the invocation summary and the logs). */
export type UploadOutcome = "processed" | "rejected" | "republished" | "duplicate" | "in-progress" | "missing" | "superseded";

type Result =
  | { readonly status: "processed"; readonly format: string; readonly width: number; readonly height: number; readonly variants: VariantRecord[] }
  | { readonly status: "rejected"; readonly rejection: ImageRejection }
  | { readonly status: "skipped"; readonly outcome: "missing" | "superseded"; readonly errorClass: string };

export async function handleUpload(deps: PipelineDeps, upload: UploadRef, invocation: Invocation): Promise<UploadOutcome> {
  const { config, clients, logger } = deps;
  const started = Date.now();
  const source = await headSource(clients.s3, upload.bucket, upload.key);
  if (!source) {
    logger.warn("Upload no longer exists; nothing to process");
    return "missing";
  }

  const claimId = `${invocation.requestId}/${randomUUID()}`;
  const claim = await claimUpload(clients.dynamodb, config.tableName, {
    bucket: upload.bucket,
    key: upload.key,
    etag: source.etag,
    configId: outputConfigId(config),
    size: source.size,
    claimId,
    now: deps.now(),
    leaseMs: invocation.remainingMs(),
    ttlDays: config.recordTtlDays,
    ...(upload.malwareScan ? { malwareScan: upload.malwareScan } : {}),
  });
  if (!claim.claimed) {
    deps.metrics.addMetric("DuplicateEvents", MetricUnit.Count, 1);
    return resumeDuplicate(deps, claim.existing);
  }

  let result: Result;
  try {
    result = await produce(deps, upload, source, decodeDeadline(invocation));
  } catch (error) {
    await release(deps, claim.record);
    throw error;
  }
  if (result.status === "skipped") {
    // Nothing to record: the object is gone, or a newer version's own event processes it.
    await release(deps, claim.record);
    logger.warn("Upload not processed: the object changed after the event", { outcome: result.outcome, errorClass: result.errorClass });
    return result.outcome;
  }

  const { leaseUntil: _lease, claimId: _claim, ...base } = claim.record;
  const final: UploadRecord =
    result.status === "processed"
      ? { ...base, status: "processed", format: result.format, width: result.width, height: result.height, variants: result.variants }
      : { ...base, status: "rejected", reason: result.rejection.message, errorCode: result.rejection.code, variants: [] };
  const recorded: UploadRecord = { ...final, updatedAt: deps.now().toISOString(), notification: "pending" };
  try {
    await saveFinalRecord(clients.dynamodb, config.tableName, recorded, claimId);
  } catch (error) {
    await release(deps, claim.record);
    throw error;
  }

  await notify(deps, recorded);
  if (result.status === "processed") {
    deps.metrics.addMetric("ImagesProcessed", MetricUnit.Count, 1);
    deps.metrics.addMetric("ProcessingTime", MetricUnit.Milliseconds, Date.now() - started);
    logger.info("Upload processed", { variants: result.variants.map((v) => v.key), ms: Date.now() - started });
  } else {
    deps.metrics.addMetric("ImagesRejected", MetricUnit.Count, 1);
    logger.warn("Upload rejected", { errorCode: result.rejection.code, reason: result.rejection.message });
  }
  return result.status;
}

/**
 * Decoding may use the invocation's remaining time except what writing the variants and the
 * record needs (WRITE_RESERVE_MS, or half the time when less is left): a decode that runs past it
 * stops with a DecodeTimeout, which releases the claim and is retried (never a rejection), rather
 * than a Lambda timeout that holds the claim until its lease ends.
 */
const WRITE_RESERVE_MS = 5_000;

function decodeDeadline(invocation: Invocation): number {
  const remaining = invocation.remainingMs();
  return Date.now() + Math.max(remaining / 2, remaining - WRITE_RESERVE_MS);
}

/**
 * Step 2: everything between the claim and the final record. What it meets is classified by the
 * one table (error-classes.ts): rejections and skips are returned, everything transient is thrown.
 */
async function produce(deps: PipelineDeps, upload: UploadRef, source: SourceObject, deadline: number): Promise<Result> {
  const { config, clients } = deps;
  try {
    checkByteSize(source.size, config.maxImageBytes); // before downloading anything
    const bytes = await downloadSource(clients.s3, upload.bucket, upload.key, source, config.maxImageBytes);
    const image = await processImage(bytes, {
      maxBytes: config.maxImageBytes,
      maxPixels: config.maxImagePixels,
      variants: config.variants,
      jpegQuality: config.jpegQuality,
      decodeDeadline: deadline,
    });
    const variants: VariantRecord[] = [];
    for (const variant of image.variants) {
      const key = variantKey(upload.key, config, variant.name, variant.extension);
      await putVariant(clients.s3, {
        bucket: upload.bucket,
        key,
        body: variant.data,
        contentType: variant.contentType,
        kmsKeyArn: config.kmsKeyArn,
        sourceKey: upload.key,
        sourceEtag: source.etag,
      });
      variants.push({ key, width: variant.width, height: variant.height, bytes: variant.data.length, contentType: variant.contentType });
    }
    return { status: "processed", format: image.format, width: image.width, height: image.height, variants };
  } catch (error) {
    const errorClass = classifyError(error);
    if (errorClass.action === "skip") return { status: "skipped", outcome: errorClass.id === "s3-object-replaced" ? "superseded" : "missing", errorClass: errorClass.id };
    if (errorClass.action === "reject") return { status: "rejected", rejection: asRejection(error) };
    throw error;
  }
}

/** An image rejection as it is, or S3's refusal of this key's outputs as an `UnsupportedKey` rejection. */
function asRejection(error: unknown): ImageRejection {
  if (isImageRejection(error)) return error;
  const { name, message } = error as Error;
  return new ImageRejection("UnsupportedKey", `S3 refused to store this upload's outputs (${name}: ${message}); the object key cannot be given outputs.`);
}

/** Steps 4-5. A failure here is thrown; the record stays final with notification=pending. */
async function notify(deps: PipelineDeps, record: UploadRecord): Promise<void> {
  const messageId = await publishResult(deps.clients.sns, deps.config.topicArn, record);
  const marked = await markNotified(deps.clients.dynamodb, deps.config.tableName, record, messageId);
  if (!marked) deps.logger.info("Notification was already marked sent by another invocation", { messageId });
}

async function resumeDuplicate(deps: PipelineDeps, existing: UploadRecord | undefined): Promise<UploadOutcome> {
  if (!existing || existing.status === "processing") {
    deps.logger.info("Duplicate event: another invocation holds the claim; skipping", { leaseUntil: existing?.leaseUntil });
    return "in-progress";
  }
  if (existing.notification === "pending") {
    deps.logger.info("Duplicate event: record is final but its notification is pending; publishing it");
    await notify(deps, existing);
    return "republished";
  }
  deps.logger.info("Duplicate event: already processed and announced; skipping", { status: existing.status });
  return "duplicate";
}

async function release(deps: PipelineDeps, claim: UploadRecord): Promise<void> {
  try {
    await releaseClaim(deps.clients.dynamodb, deps.config.tableName, claim);
  } catch (error) {
    deps.logger.warn("Could not release the claim; it expires with its lease", { error: error as Error });
  }
}
