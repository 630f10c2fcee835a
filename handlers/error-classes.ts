/**
 * Every error the handler meets, permanent or transient, in one table (docs/handler.md renders it).
 *
 * The rule: an error is permanent only if the same upload would meet it again on every attempt
 * because of the upload itself (its bytes, its header, its key). Those end in one attempt: a
 * recorded rejection, or a skip when the object is gone or replaced. Everything else is transient:
 * thrown, so the claim is released and Lambda retries the event, and after its retries the event
 * waits in the failure queue for a replay. That includes configuration faults (access denied, a
 * disabled key, a missing table): they are not a verdict on the image, and a final record would
 * turn the replay after the operator's fix into a duplicate. Running out of invocation time is
 * transient too; only budgets computed from the image itself (pixel count, decode memory, JPEG
 * scan count, decompressed size) reject a slow image, the same way on every attempt.
 */
import { isImageRejection, type RejectionCode } from "./image/errors";
import { isDecodeTimeout } from "./image/deadline";

export type Verdict = "permanent" | "transient";

/** What the handler does: record a rejection, skip the event (nothing to process), or throw. */
export type ErrorAction = "reject" | "skip" | "retry";

/** The facts a row matches on, read once from whatever was thrown. */
export interface ErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly status?: number;
  readonly fault?: string;
  readonly code?: string;
  readonly throttling: boolean;
  readonly rejection?: RejectionCode;
  readonly timeout: boolean;
}

export interface ErrorClass {
  /** Stable id, e.g. `s3-throttling` (logs and docs name it). */
  readonly id: string;
  readonly verdict: Verdict;
  readonly action: ErrorAction;
  /** What errors the row covers, for the docs. */
  readonly covers: string;
  readonly why: string;
  readonly matches: (e: ErrorFacts) => boolean;
}

const named =
  (...names: string[]) =>
  (e: ErrorFacts) =>
    names.includes(e.name);

const THROTTLING = [
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "Throttled",
  "SlowDown",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "TransactionConflictException",
  "RequestThrottled",
  "RequestThrottledException",
  "KMSThrottlingException",
  "KMS.ThrottlingException",
];
const NETWORK_CODES = ["ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ERR_STREAM_PREMATURE_CLOSE"];
const CREDENTIALS = [
  "ExpiredToken",
  "ExpiredTokenException",
  "CredentialsProviderError",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "RequestTimeTooSkewed",
  "InvalidSignatureException",
];
const CONFIGURATION = [
  "AccessDenied",
  "AccessDeniedException",
  "Forbidden",
  "AuthorizationErrorException",
  "NoSuchBucket",
  "ResourceNotFoundException",
  "NotFoundException",
  "InvalidObjectState",
  "InvalidArgument",
  "InvalidRequest",
  "DisabledException",
  "KMSInvalidStateException",
  "IncorrectKeyException",
  "InvalidCiphertextException",
  "KMSDisabledException",
  "KMSAccessDeniedException",
  "KMSNotFoundException",
  "KMSOptInRequired",
  "KMS.DisabledException",
  "KMS.KMSInvalidStateException",
  "KMS.NotFoundException",
  "KMS.AccessDeniedException",
];
/** Rejection codes, each its own row: every one is decided by the upload alone. */
const REJECTIONS: Record<RejectionCode, string> = {
  EmptyFile: "the object has no bytes",
  TooLarge: "over MAX_IMAGE_BYTES (ContentLength before the download, bytes during it)",
  UnsupportedFormat: "not JPEG, PNG, GIF, BMP or TIFF by its magic bytes, or an unsupported variant of one",
  TooManyPixels: "header over MAX_IMAGE_PIXELS, a decode over the memory budget computed from the header, or data that expands beyond what the header allows",
  Corrupt: "damaged header or data, a decoder failure, more JPEG scans than MAX_SCANS",
  UnsupportedKey:
    "S3 refuses the output key or its metadata (KeyTooLongError, MetadataTooLarge, an invalid header value): the mapping keeps within S3's limits, so this is a safety net",
};

/** First match wins; the last row matches everything. */
export const ERROR_CLASSES: readonly ErrorClass[] = [
  ...(Object.entries(REJECTIONS) as [RejectionCode, string][]).map(([code, covers]): ErrorClass => ({
    id: `rejection-${code}`,
    verdict: "permanent",
    action: "reject",
    covers: `ImageRejection ${code}: ${covers}`,
    why: "the same bytes and key give the same answer on every attempt",
    matches: (e) => e.rejection === code,
  })),
  {
    id: "time-budget",
    verdict: "transient",
    action: "retry",
    covers: "DecodeTimeout: decoding ran past the invocation's remaining time (minus the write reserve)",
    why: "a verdict on the invocation, not the image: the retry, or a later delivery with more time, processes it",
    matches: (e) => e.timeout,
  },
  {
    id: "memory-exhausted",
    verdict: "transient",
    action: "retry",
    covers: "RangeError allocation failures (`Array buffer allocation failed`) after the header's memory budget admitted the image",
    why: "the budget from the header said it fits, so the container's state is at fault; a fresh container retries it",
    matches: (e) => e.name === "RangeError" && /allocation failed|out of memory/i.test(e.message),
  },
  {
    id: "s3-object-gone",
    verdict: "permanent",
    action: "skip",
    covers: "S3 NoSuchKey, NotFound, NoSuchVersion (404) on HeadObject or GetObject",
    why: "the upload was deleted; S3 is strongly consistent, so no retry finds it (outcome `missing`)",
    matches: (e) => ["NoSuchKey", "NotFound", "NoSuchVersion"].includes(e.name) || (e.status === 404 && e.name === "Unknown"),
  },
  {
    id: "s3-object-replaced",
    verdict: "permanent",
    action: "skip",
    covers: "S3 PreconditionFailed (412) on GetObject If-Match: the object changed after HeadObject",
    why: "the new version has its own event, which processes it (outcome `superseded`)",
    matches: (e) => e.name === "PreconditionFailed" || e.status === 412,
  },
  {
    id: "s3-output-refused",
    verdict: "permanent",
    action: "reject",
    covers: "S3 KeyTooLongError, MetadataTooLarge (400); Node ERR_INVALID_CHAR, ERR_HTTP_INVALID_HEADER_VALUE building a header",
    why: "decided by the key alone; recorded as UnsupportedKey",
    matches: (e) => ["KeyTooLongError", "MetadataTooLarge"].includes(e.name) || ["ERR_INVALID_CHAR", "ERR_HTTP_INVALID_HEADER_VALUE"].includes(e.code ?? ""),
  },
  {
    id: "throttling",
    verdict: "transient",
    action: "retry",
    covers: `throttling of any service, whatever its status (400, 429 or 503): ${THROTTLING.join(", ")}; the SDK's throttling flag`,
    why: "capacity frees up; many arrive as HTTP 400, so a 4xx is not a reason to give up",
    matches: (e) => e.throttling || THROTTLING.includes(e.name) || e.status === 429,
  },
  {
    id: "server-error",
    verdict: "transient",
    action: "retry",
    covers: "any 5xx or `$fault: server` (InternalError, ServiceUnavailable, KMSInternalException, DependencyTimeoutException, KeyUnavailableException...)",
    why: "the service's fault, usually brief",
    matches: (e) => e.fault === "server" || (e.status !== undefined && e.status >= 500),
  },
  {
    id: "network",
    verdict: "transient",
    action: "retry",
    covers: `no response: ${NETWORK_CODES.join(", ")}, TimeoutError, AbortError, S3 RequestTimeout, a body shorter or longer than announced`,
    why: "the connection failed, not the request",
    matches: (e) =>
      NETWORK_CODES.includes(e.code ?? "") ||
      ["TimeoutError", "AbortError", "RequestTimeout", "RequestTimeoutException"].includes(e.name) ||
      /socket hang up|premature close|does not match content-length|ended after \d+ of \d+ bytes|sent more than/i.test(e.message),
  },
  {
    id: "credentials",
    verdict: "transient",
    action: "retry",
    covers: `credentials and clock: ${CREDENTIALS.join(", ")}`,
    why: "the runtime refreshes credentials; a fresh container has a synchronised clock",
    matches: named(...CREDENTIALS),
  },
  {
    id: "configuration",
    verdict: "transient",
    action: "retry",
    covers: `configuration: any 403, ${CONFIGURATION.join(", ")}`,
    why: "an operator's fix (policy, key state, resource) makes it work; the failure queue keeps the event for the replay, which a final record would turn into a duplicate",
    matches: (e) => CONFIGURATION.includes(e.name) || e.status === 403,
  },
  {
    id: "claim-lost",
    verdict: "transient",
    action: "retry",
    covers: "DynamoDB ConditionalCheckFailedException on the final record (another invocation took over the expired claim)",
    why: "the retry meets the other invocation's record and stops there (a refused claim itself is a duplicate, handled before this table)",
    matches: named("ConditionalCheckFailedException"),
  },
  {
    id: "unexpected",
    verdict: "transient",
    action: "retry",
    covers: "anything else: other 4xx (ValidationException, InvalidParameterException...), a bug",
    why: "never a verdict on the image: the failure queue and its alarm bring it to an operator",
    matches: () => true,
  },
];

/** Reads what the rows match on from anything thrown (SDK errors, Node errors, our own). */
export function errorFacts(error: unknown): ErrorFacts {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $retryable?: { throttling?: unknown };
  };
  const status = e.$metadata?.httpStatusCode;
  return {
    name: typeof e.name === "string" ? e.name : "",
    message: typeof e.message === "string" ? e.message : String(error),
    ...(typeof status === "number" ? { status } : {}),
    ...(typeof e.$fault === "string" ? { fault: e.$fault } : {}),
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    throttling: e.$retryable?.throttling === true,
    ...(isImageRejection(error) ? { rejection: error.code } : {}),
    timeout: isDecodeTimeout(error),
  };
}

/** The row that classifies `error`. */
export function classifyError(error: unknown): ErrorClass {
  const facts = errorFacts(error);
  return ERROR_CLASSES.find((row) => row.matches(facts))!;
}
