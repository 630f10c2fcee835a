import bmp from "@jimp/js-bmp";
import jpeg from "@jimp/js-jpeg";
import png from "@jimp/js-png";
import tiff from "@jimp/js-tiff";
import { GifReader } from "omggif";
import { contentTypeOf, type ImageFormat } from "./formats";

/** The slice of a jimp format plugin we use: its codec functions, called directly. */
export interface Codec {
  readonly mime: string;
  decode?: (data: Buffer, options?: Record<string, unknown>) => unknown;
  encode?: (bitmap: { data: Buffer; width: number; height: number }, options?: Record<string, unknown>) => unknown;
}

/**
 * GIF, decode only: exactly what @jimp/js-gif's decoder does (omggif, first frame). Its encoder
 * is what pulls in gifwrap (6 MB zipped, mostly test files), and we never write GIF.
 */
function gifDecoder(): Codec {
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

// Only the formats the pipeline reads or writes (see formats.ts): the modular jimp packages
// instead of `jimp`, whose other plugins and formats would triple the Lambda package.
const codecs: readonly Codec[] = [bmp, jpeg, png, tiff, gifDecoder].map((format) => format() as unknown as Codec);

/**
 * jimp's own codec for a format. We call codecs directly rather than `Jimp.fromBuffer`, which
 * sniffs again and EXIF-rotates the full-size bitmap (a second full-size allocation). JPEG is
 * decoded by our own decoder (decode.ts); jimp's JPEG codec is used to encode.
 */
export function codecFor(format: ImageFormat): Codec {
  const mime = contentTypeOf(format);
  const codec = codecs.find((c) => c.mime === mime);
  if (!codec) throw new Error(`jimp has no codec for ${mime}`);
  return codec;
}
