/**
 * S3 Batch Operations `LambdaInvoke` events, invocation schema 2.0 (the version the reprocess
 * job is created with), and the per-task response Batch Operations expects back. Pure functions.
 *
 * Request:  { invocationSchemaVersion: "2.0", invocationId, job: { id, userArguments? },
 *             tasks: [{ taskId, s3Key (URL-encoded), s3VersionId (string or null), s3Bucket }] }
 * Response: { invocationSchemaVersion: "2.0", treatMissingKeysAs, invocationId,
 *             results: [{ taskId, resultCode, resultString }] }
 */
import { decodeEventKey } from "./keys";

export const BATCH_SCHEMA_VERSION = "2.0";

export type BatchResultCode = "Succeeded" | "TemporaryFailure" | "PermanentFailure";

export interface BatchTaskResult {
  readonly taskId: string;
  readonly resultCode: BatchResultCode;
  readonly resultString: string;
}

export interface BatchResponse {
  readonly invocationSchemaVersion: typeof BATCH_SCHEMA_VERSION;
  /** A task missing from `results` (a bug) must not count as done. */
  readonly treatMissingKeysAs: "PermanentFailure";
  readonly invocationId: string;
  readonly results: readonly BatchTaskResult[];
}

/** One task: either an upload to process, or a result already decided (bad key, outside uploads/). */
export type BatchTask =
  { readonly taskId: string; readonly bucket: string; readonly key: string; readonly versionId?: string } | { readonly taskId: string; readonly result: BatchTaskResult };

export interface BatchInvocation {
  readonly invocationId: string;
  readonly jobId: string;
  readonly userArguments: Readonly<Record<string, string>>;
  readonly tasks: readonly BatchTask[];
}

/** A Batch Operations event that cannot be answered task by task: thrown, with what is wrong. */
export class BatchEventError extends Error {
  constructor(reason: string) {
    super(`Malformed S3 Batch Operations event: ${reason}`);
    this.name = "BatchEventError";
  }
}

/** Batch Operations sends one task per invocation today; a bound keeps a forged event's work finite. */
export const MAX_TASKS_PER_INVOCATION = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

/** Whether an event claims to be a Batch Operations invocation (then it is validated strictly). */
export function isBatchEvent(event: unknown): boolean {
  return isObject(event) && "invocationSchemaVersion" in event;
}

/**
 * Validates a Batch Operations event. Anything wrong with the envelope (version, ids, the task
 * list, a task without an id) throws `BatchEventError`: no per-task answer is possible. A task
 * whose key is undecodable, outside `uploadPrefix` or a folder gets a PermanentFailure result.
 */
export function parseBatchEvent(event: unknown, uploadPrefix: string): BatchInvocation {
  if (!isObject(event)) throw new BatchEventError("expected a JSON object");
  const version = event.invocationSchemaVersion;
  if (version !== BATCH_SCHEMA_VERSION) {
    throw new BatchEventError(`invocationSchemaVersion ${JSON.stringify(version)} is not supported; create the job with InvocationSchemaVersion "2.0"`);
  }
  if (!nonEmptyString(event.invocationId)) throw new BatchEventError("invocationId must be a non-empty string");
  if (!isObject(event.job) || !nonEmptyString(event.job.id)) throw new BatchEventError("job.id must be a non-empty string");
  const userArguments = event.job.userArguments ?? {};
  if (!isObject(userArguments) || !Object.values(userArguments).every((v) => typeof v === "string")) {
    throw new BatchEventError("job.userArguments must map names to strings");
  }
  const tasks = event.tasks;
  if (!Array.isArray(tasks) || tasks.length === 0 || tasks.length > MAX_TASKS_PER_INVOCATION) {
    throw new BatchEventError(`tasks must be an array of 1 to ${MAX_TASKS_PER_INVOCATION} tasks`);
  }
  return {
    invocationId: event.invocationId,
    jobId: event.job.id,
    userArguments: userArguments as Record<string, string>,
    tasks: tasks.map((task: unknown, index) => parseTask(task, index, uploadPrefix)),
  };
}

function parseTask(task: unknown, index: number, uploadPrefix: string): BatchTask {
  if (!isObject(task) || !nonEmptyString(task.taskId)) throw new BatchEventError(`tasks[${index}].taskId must be a non-empty string`);
  const { taskId } = task;
  const refuse = (reason: string): BatchTask => ({ taskId, result: { taskId, resultCode: "PermanentFailure", resultString: reason } });
  if (!nonEmptyString(task.s3Bucket)) {
    return refuse("s3BucketArn" in task ? "task has s3BucketArn (schema 1.0 shape) instead of s3Bucket" : "task has no s3Bucket");
  }
  if (!nonEmptyString(task.s3Key)) return refuse("task has no s3Key");
  if (task.s3VersionId !== undefined && task.s3VersionId !== null && typeof task.s3VersionId !== "string") {
    return refuse("s3VersionId must be a string or null");
  }
  const key = decodeEventKey(task.s3Key);
  if (key === undefined) return refuse(`key ${JSON.stringify(task.s3Key)} is not valid URL encoding`);
  if (!key.startsWith(uploadPrefix)) return refuse(`key ${JSON.stringify(key)} is outside ${uploadPrefix}`);
  if (key.endsWith("/")) return refuse(`key ${JSON.stringify(key)} is a folder placeholder`);
  return { taskId, bucket: task.s3Bucket, key, ...(nonEmptyString(task.s3VersionId) ? { versionId: task.s3VersionId } : {}) };
}

/** The response for an invocation, in task order. */
export function batchResponse(invocationId: string, results: readonly BatchTaskResult[]): BatchResponse {
  return { invocationSchemaVersion: BATCH_SCHEMA_VERSION, treatMissingKeysAs: "PermanentFailure", invocationId, results };
}
