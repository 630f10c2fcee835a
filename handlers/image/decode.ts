import type { Bitmap } from "./bitmap";
import { codecFor } from "./codecs";
import { ImageRejection } from "./errors";
import type { Size } from "./geometry";
import type { ImageHeader } from "./header";

export interface DecodeOptions {
  /** The pixel limit already checked against the header; passed on as the decoder's own backstop. */
  readonly maxPixels: number;
  /**
   * The largest stored-orientation size any variant needs. The jimp decoders ignore it; it is
   * here so that a scaled decoder (e.g. JPEG DCT-domain 1/2, 1/4, 1/8) can decode no larger than
   * needed (any result at least this large in both axes is correct).
   */
  readonly largestTarget: Size;
}

/**
 * Decodes the image to RGBA. The one place the pipeline touches a decoder, so a faster one can
 * be swapped in. Any decoder failure is the file's fault: it becomes a `Corrupt` rejection.
 */
export async function decodeImage(buffer: Buffer, header: ImageHeader, options: DecodeOptions): Promise<Bitmap> {
  const codec = codecFor(header.format);
  const decoderOptions =
    header.format === "jpeg"
      ? {
          // jpeg-js defaults to tolerant decoding, which turns a truncated file into a grey half-image.
          tolerantDecoding: false,
          maxResolutionInMP: Math.ceil(options.maxPixels / 1_000_000),
          formatAsRGBA: true,
        }
      : undefined;
  let decoded: { data?: unknown; width?: unknown; height?: unknown };
  try {
    decoded = (await codec.decode!(buffer, decoderOptions)) as typeof decoded;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ImageRejection("Corrupt", `The ${header.format.toUpperCase()} file could not be decoded: ${detail}.`);
  }
  const { data, width, height } = decoded;
  if (!Buffer.isBuffer(data) && !(data instanceof Uint8Array)) {
    throw new ImageRejection("Corrupt", `The ${header.format.toUpperCase()} file decoded to no pixel data.`);
  }
  if (width !== header.width || height !== header.height || data.length !== header.width * header.height * 4) {
    throw new ImageRejection(
      "Corrupt",
      `The ${header.format.toUpperCase()} file decoded to ${String(width)}x${String(height)}, but its header says ${header.width}x${header.height}.`,
    );
  }
  // A fresh object: jpeg-js attaches the source's EXIF to its result, and its encoder would
  // write it back out (GPS included) if the object were reused.
  const pixels = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.length);
  return { data: pixels, width, height };
}
