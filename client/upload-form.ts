/**
 * Presigned POST forms for uploads from browsers and apps: a backend holding the uploader role's
 * credentials issues a short-lived form for exactly one key under the upload prefix, and the client
 * posts the file with it straight to S3. The form's policy admits one key, one image content type,
 * a size from 1 byte to the handler's byte limit and the SSE-KMS fields naming the data key; the
 * bucket policy refuses an upload without those SSE-KMS headers whatever the form says.
 *
 * Needs `@aws-sdk/s3-presigned-post` (an optional peer dependency: only issuers of forms install
 * it, and it never travels in the Lambda archive).
 */
import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost, type PresignedPostOptions } from "@aws-sdk/s3-presigned-post";
import { HANDLER_DEFAULTS, HANDLER_LIMITS } from "../handlers/config";
import { contentTypeOf, type ImageFormat } from "../handlers/image/formats";

/** Every format the handler decodes, once each (a format added to `ImageFormat` must be added here). */
const FORMATS: Readonly<Record<ImageFormat, true>> = { jpeg: true, png: true, gif: true, bmp: true, tiff: true };

/** The content types a form may be issued for: exactly the formats the handler decodes. */
export const UPLOAD_CONTENT_TYPES: readonly string[] = (Object.keys(FORMATS) as ImageFormat[]).map(contentTypeOf);

/** File extension of a generated key, per content type. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/bmp": "bmp",
  "image/tiff": "tiff",
};

/** Form lifetimes: short by default; at most an hour (a role session's default maximum). */
export const UPLOAD_FORM_LIMITS = {
  expiresSeconds: { min: 1, max: 3600, default: 300 },
  /** S3's limit on a key's UTF-8 length. */
  keyBytes: 1024,
} as const;

export interface UploadFormRequest {
  /** Client signing as the uploader role (its credentials sign the form; their expiry ends it too). */
  readonly s3: S3Client;
  readonly bucket: string;
  /** The data key's ARN: the bucket policy refuses uploads under any other key. */
  readonly kmsKeyArn: string;
  /** One of `UPLOAD_CONTENT_TYPES`; the form admits exactly this value. */
  readonly contentType: string;
  /** The object key, under `uploadPrefix`. Default: `<uploadPrefix><yyyy>/<mm>/<dd>/<uuid>.<ext>`. */
  readonly key?: string;
  /** Default `uploads/` (the handler's). */
  readonly uploadPrefix?: string;
  /** Largest file the form admits. Default and maximum: `handlerMaxBytes`. */
  readonly maxBytes?: number;
  /** The deployed handler's byte limit (the stack's `maxImageBytes`). Default the handler's default. */
  readonly handlerMaxBytes?: number;
  /** Seconds the form stays valid. Default 300, at most 3600. */
  readonly expiresSeconds?: number;
  /** The clock, for tests. */
  readonly now?: () => Date;
}

export interface UploadForm {
  /** Where to POST the multipart form. */
  readonly url: string;
  /** Form fields to send, in any order, before the `file` field (which S3 requires to be last). */
  readonly fields: Readonly<Record<string, string>>;
  readonly key: string;
  /** ISO 8601: when S3 stops accepting the form (the policy's `expiration`). */
  readonly expiresAt: string;
}

/** A request the form cannot be issued for: names the bad value. */
export class UploadFormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UploadFormError";
  }
}

/** The conditions of a policy document as S3 reads them. */
export type PostPolicyCondition = Record<string, string> | [string, string | number, string | number];

export interface PostPolicyDocument {
  readonly expiration: string;
  readonly conditions: readonly PostPolicyCondition[];
}

/** Decodes the signed policy of a form (base64 JSON in the `Policy` field). */
export function decodePostPolicy(fields: Readonly<Record<string, string>>): PostPolicyDocument {
  const encoded = fields.Policy ?? fields.policy;
  if (!encoded) throw new UploadFormError("the form has no Policy field");
  return JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as PostPolicyDocument;
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new UploadFormError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

/**
 * Checks a caller-chosen key: under the prefix, not a folder, no empty, `.` or `..` segment, no
 * control characters, within S3's 1024 bytes. The key is matched exactly by the form.
 */
export function checkUploadKey(key: string, uploadPrefix: string): string {
  if (!key.startsWith(uploadPrefix) || key.length === uploadPrefix.length) throw new UploadFormError(`key must be under ${uploadPrefix}, got ${JSON.stringify(key)}`);
  if (key.endsWith("/")) throw new UploadFormError(`key must name an object, not a folder: ${JSON.stringify(key)}`);
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new UploadFormError(`key must not contain control characters: ${JSON.stringify(key)}`);
  if (key.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new UploadFormError(`key must not contain empty, "." or ".." segments: ${JSON.stringify(key)}`);
  }
  if (Buffer.byteLength(key, "utf8") > UPLOAD_FORM_LIMITS.keyBytes) throw new UploadFormError(`key must be at most ${UPLOAD_FORM_LIMITS.keyBytes} bytes of UTF-8`);
  return key;
}

/** `<prefix><yyyy>/<mm>/<dd>/<uuid>.<ext>`: unguessable and never the same twice. */
export function generatedUploadKey(uploadPrefix: string, contentType: string, now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "/");
  return `${uploadPrefix}${day}/${randomUUID()}.${EXTENSIONS[contentType] ?? "bin"}`;
}

/** What the form's policy admits, before signing: exported so tests can hold the issued policy to it. */
export function uploadFormPlan(request: Omit<UploadFormRequest, "s3">): {
  readonly key: string;
  readonly expiresSeconds: number;
  readonly fields: Record<string, string>;
  readonly conditions: PostPolicyCondition[];
} {
  const uploadPrefix = request.uploadPrefix ?? HANDLER_DEFAULTS.uploadPrefix;
  if (!UPLOAD_CONTENT_TYPES.includes(request.contentType)) {
    throw new UploadFormError(`contentType must be one of ${UPLOAD_CONTENT_TYPES.join(", ")}, got ${JSON.stringify(request.contentType)}`);
  }
  if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(request.kmsKeyArn)) {
    throw new UploadFormError(`kmsKeyArn must be a KMS key ARN, got ${JSON.stringify(request.kmsKeyArn)}`);
  }
  const limit = HANDLER_LIMITS.maxImageBytes;
  const handlerMaxBytes = wholeNumber("handlerMaxBytes", request.handlerMaxBytes ?? HANDLER_DEFAULTS.maxImageBytes, limit.min, limit.max);
  const maxBytes = wholeNumber("maxBytes", request.maxBytes ?? handlerMaxBytes, 1, handlerMaxBytes);
  const { min, max, default: fallback } = UPLOAD_FORM_LIMITS.expiresSeconds;
  const expiresSeconds = wholeNumber("expiresSeconds", request.expiresSeconds ?? fallback, min, max);
  const key = request.key === undefined ? generatedUploadKey(uploadPrefix, request.contentType, (request.now ?? (() => new Date()))()) : checkUploadKey(request.key, uploadPrefix);
  // Each field becomes an exact-match condition of the policy (createPresignedPost adds them).
  const fields = {
    "Content-Type": request.contentType,
    "x-amz-server-side-encryption": "aws:kms",
    "x-amz-server-side-encryption-aws-kms-key-id": request.kmsKeyArn,
  };
  // An empty file is no image: the range starts at 1 byte.
  return { key, expiresSeconds, fields, conditions: [["content-length-range", 1, maxBytes]] };
}

/** Issues a presigned POST form for one upload (see the module comment for what it admits). */
export async function createUploadForm(request: UploadFormRequest): Promise<UploadForm> {
  const plan = uploadFormPlan(request);
  const options: PresignedPostOptions = {
    Bucket: request.bucket,
    Key: plan.key,
    Fields: plan.fields,
    Conditions: plan.conditions as PresignedPostOptions["Conditions"],
    Expires: plan.expiresSeconds,
  };
  const { url, fields } = await createPresignedPost(request.s3 as unknown as Parameters<typeof createPresignedPost>[0], options);
  return { url, fields, key: plan.key, expiresAt: decodePostPolicy(fields).expiration };
}
