/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point, see below */
import type { GifReader as GifReaderClass } from "omggif";
import { contentTypeOf, type ImageFormat } from "./formats";

/** The slice of a jimp format plugin we use: its codec functions, called directly. */
export interface Codec {
  readonly mime: string;
  decode?: (data: Buffer, options?: Record<string, unknown>) => unknown;
  encode?: (bitmap: { data: Buffer; width: number; height: number }, options?: Record<string, unknown>) => unknown;
}

type FormatPlugin = { default: () => unknown };

/**
 * GIF, decode only: exactly what @jimp/js-gif's decoder does (omggif, first frame). Its encoder
 * is what pulls in gifwrap (6 MB zipped, mostly test files), and we never write GIF.
 */
function gifDecoder(): Codec {
  const { GifReader } = require("omggif") as { GifReader: typeof GifReaderClass };
  return {
    mime: "image/gif",
    decode: (data) => {
      const reader = new GifReader(data);
      const pixels = Buffer.alloc(reader.width * reader.height * 4);
      reader.decodeAndBlitFrameRGBA(0, pixels);
      return { data: pixels, width: reader.width, height: reader.height };
    },
  };
}

/**
 * Only the formats the pipeline reads or writes (see formats.ts): the modular jimp packages
 * instead of `jimp`, whose other plugins and formats would triple the Lambda package. Each is
 * loaded on first use, so a cold start that only sees JPEGs never pays for the TIFF, BMP, GIF
 * or PNG code (TIFF's alone is ~30 ms of import).
 */
function loadCodec(format: ImageFormat): Codec {
  switch (format) {
    case "jpeg":
      // Decoded and encoded by handlers/image/jpeg (decode.ts and encode.ts route it there).
      throw new Error("JPEG has no jimp codec here: use handlers/image/jpeg");
    case "png":
      return (require("@jimp/js-png") as FormatPlugin).default() as Codec;
    case "bmp":
      return (require("@jimp/js-bmp") as FormatPlugin).default() as Codec;
    case "tiff":
      return (require("@jimp/js-tiff") as FormatPlugin).default() as Codec;
    case "gif":
      return gifDecoder();
  }
}

const loaded = new Map<ImageFormat, Codec>();

/**
 * jimp's own codec for a format. We call codecs directly rather than `Jimp.fromBuffer`, which
 * sniffs again and EXIF-rotates the full-size bitmap (a second full-size allocation). JPEG is
 * decoded and encoded by handlers/image/jpeg instead.
 */
export function codecFor(format: ImageFormat): Codec {
  let codec = loaded.get(format);
  if (!codec) {
    const mime = contentTypeOf(format);
    codec = loadCodec(format);
    if (codec?.mime !== mime) throw new Error(`jimp has no codec for ${mime}`);
    loaded.set(format, codec);
  }
  return codec;
}
