/**
 * Object keys: decoding them from S3 events, naming the outputs and carrying the source key in
 * the outputs' metadata. Pure functions (docs/handler.md, "Output layout", states the mapping).
 */
import { createHash } from "node:crypto";

/** S3's limit on an object key: 1,024 bytes of UTF-8. */
export const S3_KEY_MAX_BYTES = 1024;
/** S3's limit on user metadata: the UTF-8 bytes of every name and value, 2 KB. */
export const S3_METADATA_MAX_BYTES = 2048;
/**
 * Bytes kept free after an output folder for the variant's file name: the longest is
 * `10000x10000.jpg` (15 bytes; variants are at most 10000 px a side), rounded up.
 */
export const VARIANT_FILE_MAX_BYTES = 16;
/** Hex digits of the SHA-256 of the source key that name a folder which is not the readable form. */
const DIGEST_HEX = 64;
/** How a digest folder's last segment ends (`DIGEST_HEX` digits). */
const DIGEST_SUFFIX = /~[0-9a-f]{64}$/;

/**
 * S3 event notifications carry keys form-encoded: `+` is a space and `%xx` are UTF-8 bytes.
 * Returns undefined for a key that is not valid form encoding (e.g. `%zz` or broken UTF-8).
 */
export function decodeEventKey(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** In a `u` regex a surrogate pair is one code point: `\p{Cs}` matches only a lone half. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a decoded key cannot be an S3 object key at all (so no object, no record), or undefined. */
export function invalidS3Key(key: string): string | undefined {
  if (LONE_SURROGATE.test(key)) return "key is not valid UTF-8 (a lone surrogate)";
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > S3_KEY_MAX_BYTES) return `key is ${bytes} bytes, over S3's limit of ${S3_KEY_MAX_BYTES}`;
  return undefined;
}

/**
 * Characters that paths, URLs, terminals or headers treat specially: C0 and C1 controls, DEL,
 * the backslash (a path separator on Windows and in WHATWG URLs), line and paragraph separators,
 * and the bidirectional overrides and isolates (they reorder what a person reads).
 */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** A segment that some client resolves as `.` or `..`: literally, percent-encoded, or after NFKC (`．．`, `‥`). */
function isDotLike(segment: string): boolean {
  const forms = [segment, segment.replace(/%2e/gi, "."), segment.normalize("NFKC"), segment.normalize("NFKC").replace(/%2e/gi, ".")];
  return forms.some((s) => s === "." || s === "..");
}

function isReadable(relative: string): boolean {
  if (relative === "" || relative.search(UNSAFE_CHARACTERS) !== -1) return false;
  const segments = relative.split("/");
  if (segments.some((s) => s === "" || isDotLike(s))) return false;
  // Reserved for the digest form, so a readable folder can never equal a digest folder.
  return !DIGEST_SUFFIX.test(segments[segments.length - 1]);
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** The readable part of a digest folder: unsafe characters as `_`, no empty or dot-like segment. */
function readableStem(relative: string, maxBytes: number): string {
  const segments = relative
    .replace(UNSAFE_CHARACTERS, "_")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (isDotLike(s) ? "_" : s));
  return truncateUtf8(segments.join("/"), maxBytes).replace(/\/+$/, "");
}

export interface KeyPrefixes {
  readonly uploadPrefix: string;
  readonly processedPrefix: string;
}

/**
 * The output "folder" of an upload (ends with `/`); each variant is `<folder><variant>.<ext>`.
 *
 * - Readable form, `<processed><relative>/`, where `relative` is the key after the upload prefix,
 *   when that is safe: no empty, `.` or `..` segment (nor one that percent-decoding or NFKC turns
 *   into one), no control, backslash or bidi-override character, a last segment that does not end
 *   like a digest folder, and room for the longest variant file name within S3's 1,024 bytes.
 * - Otherwise the digest form, `<processed><stem>~<sha256 of the whole source key, hex>/`, where
 *   `stem` is the relative key made safe and cut to fit.
 *
 * One-to-one: the readable form is the key itself; the digest form names the exact source bytes;
 * and a readable folder never ends like a digest folder, so the two forms never meet.
 */
export function outputFolder(sourceKey: string, prefixes: KeyPrefixes): string {
  if (!sourceKey.startsWith(prefixes.uploadPrefix)) {
    throw new Error(`outputFolder: "${sourceKey}" is not under "${prefixes.uploadPrefix}"`);
  }
  const relative = sourceKey.slice(prefixes.uploadPrefix.length);
  const budget = S3_KEY_MAX_BYTES - VARIANT_FILE_MAX_BYTES - Buffer.byteLength(prefixes.processedPrefix, "utf8");
  if (isReadable(relative) && Buffer.byteLength(relative, "utf8") + 1 <= budget) return `${prefixes.processedPrefix}${relative}/`;
  const digest = createHash("sha256").update(sourceKey, "utf8").digest("hex");
  const stem = readableStem(relative, budget - DIGEST_HEX - 2);
  return `${prefixes.processedPrefix}${stem}~${digest}/`;
}

/**
 * Where a variant of `sourceKey` is written: `uploads/a/b/cat.png` -> `processed/a/b/cat.png/1024.jpg`
 * (see `outputFolder` for keys whose readable form is unsafe or too long).
 */
export function variantKey(sourceKey: string, prefixes: KeyPrefixes, variantName: string, extension: string): string {
  return `${outputFolder(sourceKey, prefixes)}${variantName}.${extension}`;
}

/** The bytes S3 counts for user metadata; `x-amz-meta-` is counted too, to stay clear of the limit. */
function metadataBytes(metadata: Readonly<Record<string, string>>): number {
  return Object.entries(metadata).reduce((sum, [name, value]) => sum + Buffer.byteLength(`x-amz-meta-${name}`, "utf8") + Buffer.byteLength(value, "utf8"), 0);
}

/**
 * The user metadata of an output. S3 metadata travels in HTTP headers (ASCII), within 2 KB:
 * `source-key` is the source key URI-encoded (`decodeURI` restores it; plain keys are unchanged)
 * when that fits; a key whose URI form does not fit (a long CJK key: 9 bytes per character) is
 * stored as `source-key-base64url` instead (1,366 bytes at most). `sourceKeyOf` reads either.
 */
export function outputMetadata(sourceKey: string, sourceEtag: string): Record<string, string> {
  const withUri = { "source-etag": sourceEtag, "source-key": encodeURI(sourceKey) };
  if (metadataBytes(withUri) <= S3_METADATA_MAX_BYTES) return withUri;
  return { "source-etag": sourceEtag, "source-key-base64url": Buffer.from(sourceKey, "utf8").toString("base64url") };
}

/** The source key an output's metadata names (either encoding), or undefined. */
export function sourceKeyOf(metadata: Readonly<Record<string, string | undefined>>): string | undefined {
  const base64 = metadata["source-key-base64url"];
  if (base64 !== undefined) return Buffer.from(base64, "base64url").toString("utf8");
  const uri = metadata["source-key"];
  if (uri === undefined) return undefined;
  try {
    return decodeURI(uri);
  } catch {
    return undefined;
  }
}
