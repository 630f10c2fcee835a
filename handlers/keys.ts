/** Object keys: decoding them from S3 events and naming the outputs. Pure functions. */

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

/**
 * Where a variant of `sourceKey` is written: one "folder" per upload, named by its full path
 * under the upload prefix, so two uploads can never write to the same output key:
 * `uploads/a/b/cat.png` -> `processed/a/b/cat.png/1024.jpg`.
 */
export function variantKey(sourceKey: string, prefixes: { readonly uploadPrefix: string; readonly processedPrefix: string }, variantName: string, extension: string): string {
  if (!sourceKey.startsWith(prefixes.uploadPrefix)) {
    throw new Error(`variantKey: "${sourceKey}" is not under "${prefixes.uploadPrefix}"`);
  }
  return `${prefixes.processedPrefix}${sourceKey.slice(prefixes.uploadPrefix.length)}/${variantName}.${extension}`;
}

/**
 * S3 user metadata travels in HTTP headers, which must be ASCII: the source key is stored
 * URI-encoded (`decodeURI` restores it; plain ASCII keys without spaces are unchanged).
 */
export function metadataKey(key: string): string {
  return encodeURI(key);
}
