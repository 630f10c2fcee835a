/**
 * The handler's configuration: the environment variables the ImageProcessor component sets and
 * the handler validates once, at cold start. This module is the contract between the two: the
 * component imports `ENV` for the names, the handler calls `loadConfig(process.env)`.
 *
 * No AWS and no jimp here, so the component can import it at deploy time cheaply.
 */

import { createHash } from "node:crypto";

/** Names of the environment variables, one place for both sides. */
export const ENV = {
  tableName: "TABLE_NAME",
  topicArn: "TOPIC_ARN",
  kmsKeyArn: "KMS_KEY_ARN",
  uploadPrefix: "UPLOAD_PREFIX",
  processedPrefix: "PROCESSED_PREFIX",
  maxImageBytes: "MAX_IMAGE_BYTES",
  maxImagePixels: "MAX_IMAGE_PIXELS",
  variants: "VARIANTS",
  jpegQuality: "JPEG_QUALITY",
  recordTtlDays: "RECORD_TTL_DAYS",
  /** Set only with the malware-scan gate: the bucket whose GuardDuty scan results start processing. */
  malwareScanBucket: "MALWARE_SCAN_BUCKET",
} as const;

/** One output size: the image is fitted inside `maxWidth` x `maxHeight`, never upscaled. */
export interface VariantSpec {
  /** Name used in the output key, e.g. `1024` for `processed/<path>/1024.jpg`. */
  readonly name: string;
  readonly maxWidth: number;
  readonly maxHeight: number;
}

export interface HandlerConfig {
  readonly tableName: string;
  readonly topicArn: string;
  readonly kmsKeyArn: string;
  readonly uploadPrefix: string;
  readonly processedPrefix: string;
  readonly maxImageBytes: number;
  readonly maxImagePixels: number;
  readonly variants: readonly VariantSpec[];
  readonly jpegQuality: number;
  readonly recordTtlDays: number;
  /** With the malware-scan gate: only clean scan results for this bucket are processed, never S3 notifications. */
  readonly malwareScanBucket?: string;
}

/**
 * Defaults sized for a 512 MB arm64 Lambda. 40 MP decodes to 160 MB of RGBA, which with the
 * resize buffers stays well under 512 MB; 25 MB is larger than any camera JPEG of that size.
 */
export const HANDLER_DEFAULTS = {
  uploadPrefix: "uploads/",
  processedPrefix: "processed/",
  maxImageBytes: 25 * 1024 * 1024,
  maxImagePixels: 40_000_000,
  variants: "1024x1024,256x256",
  jpegQuality: 80,
  recordTtlDays: 90,
} as const;

/** Inclusive bounds of a whole-number setting. */
export interface WholeNumberRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Bounds of the numeric limits, checked by the handler at cold start, by ImageProcessor and the
 * stack config at deploy time and by the thumbnail CLI: one home, so all four agree. 512 MiB and
 * 500 MP are far beyond what a 10 GB Lambda can decode; they reject typos, not tuning.
 */
export const HANDLER_LIMITS = {
  maxImageBytes: { min: 1024, max: 512 * 1024 * 1024 },
  maxImagePixels: { min: 1, max: 500_000_000 },
  jpegQuality: { min: 1, max: 100 },
  recordTtlDays: { min: 1, max: 3650 },
} as const satisfies Record<string, WholeNumberRange>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The trimmed value of one of the ENV names. */
function read(env: Env, name: string): string | undefined {
  return env[name]?.trim(); // eslint-disable-line security/detect-object-injection -- name is one of the ENV constants
}

function required(env: Env, name: string): string {
  const value = read(env, name);
  if (!value) throw new ConfigError(name, "is required but not set");
  return value;
}

function integer(env: Env, name: string, fallback: number, { min, max }: WholeNumberRange): number {
  const raw = read(env, name);
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function prefix(env: Env, name: string, fallback: string): string {
  const value = read(env, name) || fallback;
  // Segments of S3's safe characters, each followed by "/" (checked per segment: no nested quantifier).
  const segments = value.split("/");
  if (segments.pop() !== "" || segments.length === 0 || !segments.every((segment) => /^[A-Za-z0-9!_.*'()-]+$/.test(segment))) {
    throw new ConfigError(name, `must be a key prefix ending in "/" such as "uploads/", got "${value}"`);
  }
  return value;
}

/** Parses `"1024x1024,256x256"` (or `"1024,256"` for squares) into variant specs. */
export function parseVariants(raw: string, variable: string = ENV.variants): VariantSpec[] {
  const parts = raw
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0 || parts.length > 8) {
    throw new ConfigError(variable, `must list 1 to 8 sizes such as "1024x1024,256x256", got "${raw}"`);
  }
  const seen = new Set<string>();
  return parts.map((part) => {
    const sides = part.split("x");
    const valid = sides.length <= 2 && sides.every((side) => /^\d{1,5}$/.test(side));
    const width = valid ? Number(sides[0]) : NaN;
    const height = valid ? Number(sides[1] ?? sides[0]) : NaN;
    if (!valid || width < 1 || height < 1 || width > 10000 || height > 10000) {
      throw new ConfigError(variable, `has an invalid size "${part}": use WIDTHxHEIGHT with 1 to 10000 pixels each`);
    }
    const name = width === height ? String(width) : `${width}x${height}`;
    if (seen.has(name)) throw new ConfigError(variable, `lists the size "${part}" twice`);
    seen.add(name);
    return { name, maxWidth: width, maxHeight: height };
  });
}

/** Validates the environment; throws a `ConfigError` that names the first bad variable. */
export function loadConfig(env: Env): HandlerConfig {
  const uploadPrefix = prefix(env, ENV.uploadPrefix, HANDLER_DEFAULTS.uploadPrefix);
  const processedPrefix = prefix(env, ENV.processedPrefix, HANDLER_DEFAULTS.processedPrefix);
  if (uploadPrefix.startsWith(processedPrefix) || processedPrefix.startsWith(uploadPrefix)) {
    // Overlapping prefixes would let the handler's own outputs trigger it again.
    throw new ConfigError(ENV.processedPrefix, `must not overlap ${ENV.uploadPrefix} ("${processedPrefix}" vs "${uploadPrefix}")`);
  }
  const topicArn = required(env, ENV.topicArn);
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn)) {
    throw new ConfigError(ENV.topicArn, `must be an SNS topic ARN, got "${topicArn}"`);
  }
  const kmsKeyArn = required(env, ENV.kmsKeyArn);
  if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(kmsKeyArn)) {
    throw new ConfigError(ENV.kmsKeyArn, `must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${kmsKeyArn}"`);
  }
  const malwareScanBucket = read(env, ENV.malwareScanBucket) || undefined;
  if (malwareScanBucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(malwareScanBucket)) {
    throw new ConfigError(ENV.malwareScanBucket, `must be an S3 bucket name, got "${malwareScanBucket}"`);
  }
  return {
    ...(malwareScanBucket !== undefined ? { malwareScanBucket } : {}),
    tableName: required(env, ENV.tableName),
    topicArn,
    kmsKeyArn,
    uploadPrefix,
    processedPrefix,
    maxImageBytes: integer(env, ENV.maxImageBytes, HANDLER_DEFAULTS.maxImageBytes, HANDLER_LIMITS.maxImageBytes),
    maxImagePixels: integer(env, ENV.maxImagePixels, HANDLER_DEFAULTS.maxImagePixels, HANDLER_LIMITS.maxImagePixels),
    variants: parseVariants(read(env, ENV.variants) || HANDLER_DEFAULTS.variants),
    jpegQuality: integer(env, ENV.jpegQuality, HANDLER_DEFAULTS.jpegQuality, HANDLER_LIMITS.jpegQuality),
    recordTtlDays: integer(env, ENV.recordTtlDays, HANDLER_DEFAULTS.recordTtlDays, HANDLER_LIMITS.recordTtlDays),
  };
}

/**
 * The settings that decide what the handler writes for an upload (the variants, their quality,
 * where they go, the limits that decide processed or rejected), as a short stable id. It is part
 * of each record's key: after any of them changes, the same upload is processed again (a
 * reprocessing job writes the new variants); with them unchanged, a second event is a duplicate.
 */
export function outputConfigId(config: Pick<HandlerConfig, "variants" | "jpegQuality" | "processedPrefix" | "maxImageBytes" | "maxImagePixels">): string {
  const canonical = JSON.stringify([
    config.variants.map((v) => [v.name, v.maxWidth, v.maxHeight]),
    config.jpegQuality,
    config.processedPrefix,
    config.maxImageBytes,
    config.maxImagePixels,
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
