import { decodeEventKey, invalidS3Key } from "./keys";
import type { MalwareScan } from "./scan-events";

/** One upload to process, taken from an S3 ObjectCreated record. */
export interface UploadRef {
  readonly bucket: string;
  /** Decoded object key. */
  readonly key: string;
  readonly eventName: string;
  /** Size and ETag as the event reported them (the handler re-reads both with HeadObject). */
  readonly size?: number;
  readonly eTag?: string;
  /** The clean malware scan that released it (with the malware-scan gate), kept with its record. */
  readonly malwareScan?: MalwareScan;
}

/** A record the handler deliberately does not process, with the reason for the log. */
export interface IgnoredRecord {
  readonly index: number;
  readonly reason: string;
  readonly key?: string;
}

export type ParsedEvent =
  { readonly kind: "s3"; readonly uploads: readonly UploadRef[]; readonly ignored: readonly IgnoredRecord[] } | { readonly kind: "invalid"; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const name of path) {
    if (!isObject(current)) return undefined;
    current = current[name]; // eslint-disable-line security/detect-object-injection -- fixed literal names
  }
  return current;
}

/**
 * Validates an invocation event. A whole event that is not an S3 notification is `invalid`
 * (logged, never retried: retrying cannot fix it); inside an S3 event, each record is either
 * an upload to process or ignored with a reason, so one bad record never blocks the others.
 */
export function parseS3Event(event: unknown, uploadPrefix: string): ParsedEvent {
  if (field(event, "Event") === "s3:TestEvent") {
    return { kind: "invalid", reason: "S3 test event (sent when a notification is configured): nothing to process" };
  }
  const records = field(event, "Records");
  if (!Array.isArray(records)) {
    return { kind: "invalid", reason: "not an S3 event notification: expected an object with a Records array" };
  }
  const uploads: UploadRef[] = [];
  const ignored: IgnoredRecord[] = [];
  records.forEach((record: unknown, index) => {
    const result = parseRecord(record, index, uploadPrefix);
    if ("reason" in result) ignored.push(result);
    else uploads.push(result);
  });
  return { kind: "s3", uploads, ignored };
}

function parseRecord(record: unknown, index: number, uploadPrefix: string): UploadRef | IgnoredRecord {
  const source = field(record, "eventSource");
  if (source !== "aws:s3") return { index, reason: `not an S3 record (eventSource ${JSON.stringify(source ?? null)})` };
  const eventName = field(record, "eventName");
  if (typeof eventName !== "string" || !eventName.startsWith("ObjectCreated:")) {
    return { index, reason: `not an ObjectCreated event (eventName ${JSON.stringify(eventName ?? null)})` };
  }
  const bucket = field(record, "s3", "bucket", "name");
  const rawKey = field(record, "s3", "object", "key");
  if (typeof bucket !== "string" || bucket === "" || typeof rawKey !== "string" || rawKey === "") {
    return { index, reason: "malformed S3 record: s3.bucket.name or s3.object.key is missing" };
  }
  const key = decodeEventKey(rawKey);
  if (key === undefined) return { index, reason: `malformed S3 record: key ${JSON.stringify(rawKey)} is not valid URL encoding` };
  const invalid = invalidS3Key(key);
  if (invalid) return { index, reason: `malformed S3 record: ${invalid}` };
  if (!key.startsWith(uploadPrefix)) return { index, key, reason: `key is outside ${uploadPrefix}` };
  const size = field(record, "s3", "object", "size");
  // A folder marker is an empty object whose key ends in "/"; anything with bytes is an upload.
  if (key.endsWith("/") && !(typeof size === "number" && size > 0)) return { index, key, reason: "key is a folder placeholder" };
  const eTag = field(record, "s3", "object", "eTag");
  return {
    bucket,
    key,
    eventName,
    ...(typeof size === "number" ? { size } : {}),
    ...(typeof eTag === "string" ? { eTag } : {}),
  };
}
