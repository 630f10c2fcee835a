/**
 * An S3 Batch Operations invocation (the reprocess job): each task is handled like an upload
 * event, through the same idempotent pipeline, and answered with a result code Batch Operations
 * acts on: Succeeded (the upload's record is final for the current configuration),
 * TemporaryFailure (Batch Operations retries the task) or PermanentFailure (listed in the job's
 * failure report; retrying cannot help).
 */
import { parseBatchEvent, batchResponse, type BatchResponse, type BatchTaskResult } from "./batch-events";
import { classifyError } from "./error-classes";
import { handleUpload, type Invocation, type PipelineDeps, type UploadOutcome } from "./upload";

/** What each upload outcome means to the job, and the report line that says so. */
export const BATCH_OUTCOMES: Readonly<Record<UploadOutcome, Omit<BatchTaskResult, "taskId">>> = {
  processed: { resultCode: "Succeeded", resultString: "processed: variants written for the current configuration" },
  rejected: { resultCode: "Succeeded", resultString: "rejected: recorded as not processable under the current configuration" },
  duplicate: { resultCode: "Succeeded", resultString: "unchanged: already processed with the current configuration" },
  republished: { resultCode: "Succeeded", resultString: "unchanged: already processed; its pending notification was published" },
  "in-progress": { resultCode: "TemporaryFailure", resultString: "in progress: another invocation holds this upload's claim" },
  missing: { resultCode: "PermanentFailure", resultString: "missing: the object no longer exists" },
  superseded: { resultCode: "Succeeded", resultString: "superseded: the object was replaced while it was read; its new version is processed from its own upload event" },
};

/**
 * Errors thrown out of an upload are all transient for the event path (error-classes.ts). For a
 * job, Batch Operations' own retry is worth it only where time helps (throttling, 5xx, network,
 * credentials, the invocation's time or memory); anything else (access denied, a disabled key, a
 * bug) fails the same way until someone fixes it, so it goes to the job's failure report, from
 * which the job is re-run.
 */
const RETRIED_BY_BATCH = new Set(["time-budget", "memory-exhausted", "throttling", "server-error", "network", "credentials"]);

export function classifyFailure(error: unknown): BatchTaskResult["resultCode"] {
  if (!(error instanceof Error)) return "PermanentFailure";
  return RETRIED_BY_BATCH.has(classifyError(error).id) ? "TemporaryFailure" : "PermanentFailure";
}

/** Batch Operations keeps result strings short in the report; errors can be long. */
const MAX_RESULT_STRING = 512;

function failureResult(taskId: string, error: unknown): BatchTaskResult {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { taskId, resultCode: classifyFailure(error), resultString: message.slice(0, MAX_RESULT_STRING) };
}

/**
 * Validates the event (a malformed envelope throws `BatchEventError`, which Lambda reports as a
 * function error) and processes its tasks one after another.
 */
export async function handleBatchEvent(deps: PipelineDeps, event: unknown, invocation: Invocation): Promise<BatchResponse> {
  const { logger, config } = deps;
  const batch = parseBatchEvent(event, config.uploadPrefix);
  logger.appendKeys({ batchJobId: batch.jobId });
  try {
    const results: BatchTaskResult[] = [];
    for (const task of batch.tasks) {
      if ("result" in task) {
        logger.warn("Batch task refused", { taskId: task.taskId, reason: task.result.resultString });
        results.push(task.result);
        continue;
      }
      logger.appendKeys({ bucket: task.bucket, objectKey: task.key });
      try {
        const outcome = await handleUpload(deps, { bucket: task.bucket, key: task.key, eventName: "BatchOperations:LambdaInvoke" }, invocation);
        results.push({ taskId: task.taskId, ...BATCH_OUTCOMES[outcome] }); // eslint-disable-line security/detect-object-injection -- outcome is an UploadOutcome
      } catch (error) {
        const result = failureResult(task.taskId, error);
        logger.error("Batch task failed", { taskId: task.taskId, resultCode: result.resultCode, error: error as Error });
        results.push(result);
      } finally {
        logger.removeKeys(["bucket", "objectKey"]);
      }
    }
    return batchResponse(batch.invocationId, results);
  } finally {
    logger.removeKeys(["batchJobId"]);
  }
}
