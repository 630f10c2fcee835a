import { defaultFormats } from "jimp";
import { contentTypeOf, type ImageFormat } from "./formats";

/** The slice of a jimp format plugin we use: its codec functions, called directly. */
export interface Codec {
  readonly mime: string;
  decode?: (data: Buffer, options?: Record<string, unknown>) => unknown;
  encode?: (bitmap: { data: Buffer; width: number; height: number }, options?: Record<string, unknown>) => unknown;
}

const codecs: readonly Codec[] = defaultFormats.map((format) => format() as unknown as Codec);

/**
 * jimp's own codec for a format. We call codecs directly rather than `Jimp.fromBuffer`, which
 * sniffs again and EXIF-rotates the full-size bitmap (a second full-size allocation).
 */
export function codecFor(format: ImageFormat): Codec {
  const mime = contentTypeOf(format);
  const codec = codecs.find((c) => c.mime === mime);
  if (!codec) throw new Error(`jimp has no codec for ${mime}`);
  return codec;
}
