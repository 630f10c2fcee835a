import type { Context } from "aws-lambda";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { handleBatchEvent } from "./batch";
import { BatchEventError, isBatchEvent, type BatchResponse } from "./batch-events";
import { classifyError } from "./error-classes";
import { parseUploadEvent } from "./scan-events";
import { handleUpload, type PipelineDeps, type UploadOutcome } from "./upload";

/** What one invocation did, returned for tests and visible in the Lambda console. */
export interface InvocationSummary {
  readonly invalid?: string;
  readonly ignored: number;
  readonly outcomes: Readonly<Record<string, UploadOutcome>>;
}

export type LambdaContext = Pick<Context, "awsRequestId" | "getRemainingTimeInMillis"> & Partial<Context>;

/**
 * The entry's dispatch: an S3 Batch Operations invocation (the reprocess job, answered per task)
 * or an S3 event notification (everything else, validated by `handleEvent`).
 */
export async function handleInvocation(deps: PipelineDeps, event: unknown, context: LambdaContext): Promise<InvocationSummary | BatchResponse> {
  if (!isBatchEvent(event)) return handleEvent(deps, event, context);
  deps.logger.addContext(context as Context);
  try {
    return await handleBatchEvent(deps, event, { requestId: context.awsRequestId, remainingMs: () => context.getRemainingTimeInMillis() });
  } catch (error) {
    // No per-task answer is possible: Batch Operations records the function error for the task.
    if (error instanceof BatchEventError) {
      deps.logger.error("Invocation event rejected", { reason: error.message });
      deps.metrics.addMetric("InvalidEvents", MetricUnit.Count, 1);
    }
    throw error;
  } finally {
    if (deps.metrics.hasStoredMetrics()) deps.metrics.publishStoredMetrics();
  }
}

/**
 * Handles one S3 event notification. Uploads are handled one after another (memory: one image at a
 * time); a transient failure of one does not stop the others, and is thrown at the end so
 * that Lambda retries the event (finished uploads are then recognised as duplicates).
 */
export async function handleEvent(deps: PipelineDeps, event: unknown, context: LambdaContext): Promise<InvocationSummary> {
  const { logger, metrics, config } = deps;
  logger.addContext(context as Context);
  try {
    const parsed = parseUploadEvent(event, config);
    if (parsed.kind === "invalid") {
      // Retrying cannot fix a wrong event: log it loudly and return.
      logger.error("Invocation event rejected", { reason: parsed.reason });
      metrics.addMetric("InvalidEvents", MetricUnit.Count, 1);
      return { invalid: parsed.reason, ignored: 0, outcomes: {} };
    }
    for (const record of parsed.ignored) logger.info("Record ignored", { recordIndex: record.index, objectKey: record.key, reason: record.reason });
    if (parsed.ignored.length > 0) metrics.addMetric("IgnoredRecords", MetricUnit.Count, parsed.ignored.length);
    if (parsed.uploads.length === 0) logger.info("No uploads to process in this event");

    const outcomes: Record<string, UploadOutcome> = {};
    const failures: unknown[] = [];
    for (const upload of parsed.uploads) {
      logger.appendKeys({ bucket: upload.bucket, objectKey: upload.key });
      try {
        const outcome = await handleUpload(deps, upload, {
          requestId: context.awsRequestId,
          remainingMs: () => context.getRemainingTimeInMillis(),
        });
        outcomes[`${upload.bucket}/${upload.key}`] = outcome;
      } catch (error) {
        failures.push(error);
        logger.error("Upload failed; the event will be retried", { errorClass: classifyError(error).id, error: error as Error });
      } finally {
        logger.removeKeys(["bucket", "objectKey"]);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of ${parsed.uploads.length} uploads failed; the event will be retried`);
    return { ignored: parsed.ignored.length, outcomes };
  } finally {
    // Nothing to publish (e.g. an empty event) is normal here, not worth Powertools' warning.
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}
