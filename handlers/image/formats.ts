/** The formats the pipeline accepts: what jimp can decode. */
export type ImageFormat = "jpeg" | "png" | "gif" | "bmp" | "tiff";

/** The formats the pipeline writes. */
export type OutputFormat = "jpeg" | "png";

export const CONTENT_TYPES: Readonly<Record<ImageFormat, string>> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  bmp: "image/bmp",
  tiff: "image/tiff",
};

export const OUTPUT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  jpeg: "jpg",
  png: "png",
};
