/**
 * GuardDuty Malware Protection for S3 scan results, as EventBridge delivers them to the function
 * when the malware-scan gate is on (the S3 notification is then not wired). Pure functions.
 *
 * { version, id, "detail-type": "GuardDuty Malware Protection Object Scan Result",
 *   source: "aws.guardduty", account, time, region, resources: [<plan ARN>],
 *   detail: { schemaVersion: "1.0", scanStatus, resourceType: "S3_OBJECT",
 *             s3ObjectDetails: { bucketName, objectKey, eTag?, versionId?, s3Throttled? },
 *             scanResultDetails: { scanResultStatus, threats: [{ name }] | null } } }
 *
 * `objectKey` is the literal key (unlike an S3 notification, it is not URL-encoded). Only
 * COMPLETED + NO_THREATS_FOUND with no threat listed is processed; THREATS_FOUND, and SKIPPED or
 * FAILED scans, are recorded as never processed; anything else (another source, another bucket,
 * a key outside the prefix, an undocumented status or combination) is invalid: fail closed.
 */
import type { HandlerConfig } from "./config";
import { parseS3Event, type IgnoredRecord, type ParsedEvent, type UploadRef } from "./events";
import { invalidS3Key } from "./keys";

export const SCAN_RESULT_SOURCE = "aws.guardduty";
export const SCAN_RESULT_DETAIL_TYPE = "GuardDuty Malware Protection Object Scan Result";
/** The tag GuardDuty writes on each scanned object, and its one value the pipeline reads past. */
export const SCAN_STATUS_TAG = "GuardDutyMalwareScanStatus";
export const CLEAN_SCAN_RESULT = "NO_THREATS_FOUND";

/** The documented pairs of scan status and result, and what each means here. */
export const SCAN_OUTCOMES: Readonly<Record<string, Readonly<Record<string, "clean" | "infected" | "unscannable">>>> = {
  COMPLETED: { NO_THREATS_FOUND: "clean", THREATS_FOUND: "infected" },
  SKIPPED: { UNSUPPORTED: "unscannable", ACCESS_DENIED: "unscannable" },
  FAILED: { FAILED: "unscannable" },
};

/** The scan behind a clean upload, kept with its record. */
export interface MalwareScan {
  readonly result: typeof CLEAN_SCAN_RESULT;
  /** The event's time: when GuardDuty announced the result. */
  readonly scannedAt: string;
  /** The Malware Protection plan that scanned it (the event's first resource). */
  readonly planArn?: string;
  /** The object version scanned, when the bucket is versioned. */
  readonly versionId?: string;
}

/** A record the gate never lets through: the object was infected or could not be scanned. */
export interface RefusedScan extends IgnoredRecord {
  readonly verdict: "infected" | "unscannable";
  readonly scanResult: string;
  readonly threats: readonly string[];
}

export type ParsedScanEvent =
  | { readonly kind: "scan"; readonly uploads: readonly (UploadRef & { readonly malwareScan: MalwareScan })[]; readonly ignored: readonly RefusedScan[] }
  | { readonly kind: "invalid"; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether an event claims to be a GuardDuty scan result (then it is validated strictly). */
export function isScanResultEvent(event: unknown): boolean {
  return isObject(event) && "detail-type" in event && !("Records" in event);
}

const invalid = (reason: string): ParsedScanEvent => ({ kind: "invalid", reason: `malware scan result rejected: ${reason}` });

/**
 * Validates a scan-result event for `bucket` and `uploadPrefix`. One event is one object, so it
 * is either one upload to process, one refused object, or invalid as a whole.
 */
export function parseScanResultEvent(event: unknown, expected: { readonly bucket: string; readonly uploadPrefix: string }): ParsedScanEvent {
  if (!isObject(event)) return invalid("expected a JSON object");
  if (event.source !== SCAN_RESULT_SOURCE) return invalid(`source ${JSON.stringify(event.source ?? null)} is not ${SCAN_RESULT_SOURCE}`);
  if (event["detail-type"] !== SCAN_RESULT_DETAIL_TYPE) return invalid(`detail-type ${JSON.stringify(event["detail-type"] ?? null)} is not "${SCAN_RESULT_DETAIL_TYPE}"`);
  const detail = event.detail;
  if (!isObject(detail)) return invalid("detail must be an object");
  if (detail.resourceType !== "S3_OBJECT") return invalid(`resourceType ${JSON.stringify(detail.resourceType ?? null)} is not S3_OBJECT`);
  const object = detail.s3ObjectDetails;
  if (!isObject(object)) return invalid("detail.s3ObjectDetails must be an object");
  const { bucketName, objectKey, versionId, eTag } = object;
  if (typeof bucketName !== "string" || bucketName !== expected.bucket) return invalid(`bucket ${JSON.stringify(bucketName ?? null)} is not the images bucket ${expected.bucket}`);
  if (typeof objectKey !== "string" || objectKey === "") return invalid("detail.s3ObjectDetails.objectKey must be a non-empty string");
  if (!objectKey.startsWith(expected.uploadPrefix)) return invalid(`key ${JSON.stringify(objectKey)} is outside ${expected.uploadPrefix}`);
  if (objectKey.endsWith("/")) return invalid(`key ${JSON.stringify(objectKey)} is a folder placeholder`);
  const badKey = invalidS3Key(objectKey);
  if (badKey !== undefined) return invalid(badKey);
  // S3 keeps `..` literally, but anything that ever joins or normalises paths could leave the prefix.
  if (objectKey.split("/").some((segment) => segment === "." || segment === "..")) return invalid(`key ${JSON.stringify(objectKey)} has a "." or ".." segment`);
  if (versionId !== undefined && versionId !== null && typeof versionId !== "string") return invalid("detail.s3ObjectDetails.versionId must be a string when present");

  const result = detail.scanResultDetails;
  if (!isObject(result)) return invalid("detail.scanResultDetails must be an object");
  const { scanResultStatus, threats } = result;
  const status = detail.scanStatus;
  if (typeof status !== "string" || typeof scanResultStatus !== "string") return invalid("detail.scanStatus and scanResultDetails.scanResultStatus must be strings");
  const outcome = Object.hasOwn(SCAN_OUTCOMES, status) && Object.hasOwn(SCAN_OUTCOMES[status], scanResultStatus) ? SCAN_OUTCOMES[status][scanResultStatus] : undefined; // eslint-disable-line security/detect-object-injection -- own keys checked
  if (outcome === undefined) return invalid(`scan status ${JSON.stringify(status)} with result ${JSON.stringify(scanResultStatus)} is not a documented outcome`);
  if (threats !== undefined && threats !== null && !(Array.isArray(threats) && threats.every((t) => isObject(t))))
    return invalid("scanResultDetails.threats must be a list of objects or null");
  const threatNames = (Array.isArray(threats) ? threats : []).map((t: Record<string, unknown>) => (typeof t.name === "string" ? t.name : "unnamed threat"));
  if (outcome === "clean" && threatNames.length > 0) return invalid(`${CLEAN_SCAN_RESULT} but threats are listed (${threatNames.join(", ")})`);

  if (outcome !== "clean") {
    const reason =
      outcome === "infected" ? `malware found (${threatNames.join(", ") || "no threat named"}): never processed` : `not scanned (${status}/${scanResultStatus}): never processed`;
    return { kind: "scan", uploads: [], ignored: [{ index: 0, key: objectKey, reason, verdict: outcome, scanResult: scanResultStatus, threats: threatNames }] };
  }
  const planArn = Array.isArray(event.resources) && typeof event.resources[0] === "string" ? event.resources[0] : undefined;
  const malwareScan: MalwareScan = {
    result: CLEAN_SCAN_RESULT,
    scannedAt: typeof event.time === "string" ? event.time : "",
    ...(planArn ? { planArn } : {}),
    ...(typeof versionId === "string" && versionId !== "" ? { versionId } : {}),
  };
  return {
    kind: "scan",
    uploads: [{ bucket: bucketName, key: objectKey, eventName: "MalwareScan:NO_THREATS_FOUND", ...(typeof eTag === "string" ? { eTag } : {}), malwareScan }],
    ignored: [],
  };
}

/**
 * The upload events the handler accepts, by configuration: S3 notifications without the gate;
 * with it (`malwareScanBucket` set), only scan results for that bucket, so no upload reaches the
 * image code without a clean scan.
 */
export function parseUploadEvent(event: unknown, config: Pick<HandlerConfig, "uploadPrefix" | "malwareScanBucket">): ParsedEvent | ParsedScanEvent {
  const scanResult = isScanResultEvent(event);
  if (config.malwareScanBucket === undefined) {
    return scanResult ? invalid("the malware-scan gate is off (MALWARE_SCAN_BUCKET is not set)") : parseS3Event(event, config.uploadPrefix);
  }
  if (!scanResult) return invalid("with the malware-scan gate on, uploads are processed only from their GuardDuty scan result, not from an S3 notification or any other event");
  return parseScanResultEvent(event, { bucket: config.malwareScanBucket, uploadPrefix: config.uploadPrefix });
}
