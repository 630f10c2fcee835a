/** The formats the pipeline accepts: what jimp can decode. */
export type ImageFormat = "jpeg" | "png" | "gif" | "bmp" | "tiff";

/** The formats the pipeline writes. */
export type OutputFormat = "jpeg" | "png";

/** The MIME type, as S3 Content-Type and as jimp names its codecs. */
export function contentTypeOf(format: ImageFormat): string {
  return `image/${format}`;
}

/** File extension (no dot) used in output keys. */
export function extensionOf(format: OutputFormat): "jpg" | "png" {
  return format === "jpeg" ? "jpg" : "png";
}
