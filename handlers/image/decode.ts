import type { Bitmap } from "./bitmap";
import { codecFor } from "./codecs";
import { ImageRejection } from "./errors";
import type { Size } from "./geometry";
import type { ImageHeader } from "./header";
import { checkDecompressionBombs } from "./bomb-guard";
import { decodeBmp } from "./bmp";
import { DecodeDeadline, isDecodeTimeout } from "./deadline";
import { decodeJpeg, type DecodedJpeg } from "./jpeg";
import { decodePng } from "./png";

export interface DecodeOptions {
  /** The pixel limit already checked against the header; passed on as the decoder's own backstop. */
  readonly maxPixels: number;
  /**
   * The largest stored-orientation size any variant needs. The JPEG decoder decodes no larger
   * than needed (scaled by n/8 in the DCT domain, never below this); the jimp decoders ignore it.
   */
  readonly largestTarget: Size;
  /** The invocation's time: decoders stop with a `DecodeTimeout` (retried) once it has passed. */
  readonly deadline?: DecodeDeadline;
}

/**
 * Decodes the image to RGBA. The one place the pipeline touches a decoder, so a faster one can
 * be swapped in. Any decoder failure is the file's fault: it becomes a `Corrupt` rejection.
 */
export async function decodeImage(buffer: Buffer, header: ImageHeader, options: DecodeOptions): Promise<Bitmap> {
  const deadline = options.deadline ?? DecodeDeadline.none();
  if (header.format === "jpeg") return decodeJpegScaled(buffer, header, options, deadline);
  if (header.format === "png") return checked(header, decodePng(buffer, { deadline }));
  if (header.format === "bmp") return checked(header, decodeBmp(buffer, { deadline }));
  checkDecompressionBombs(buffer, header, options.maxPixels, deadline);
  const codec = codecFor(header.format);
  let decoded: { data?: unknown; width?: unknown; height?: unknown };
  try {
    decoded = (await codec.decode!(buffer, undefined)) as typeof decoded;
  } catch (error) {
    throw decodeFailure(header, error, deadline);
  }
  const { data, width, height } = decoded;
  if (!Buffer.isBuffer(data) && !(data instanceof Uint8Array)) {
    throw new ImageRejection("Corrupt", `The ${header.format.toUpperCase()} file decoded to no pixel data.`);
  }
  checkSize(header, width, height, data.length, header.width, header.height);
  // A fresh object: a codec may attach the source's metadata to its result, and an encoder would
  // write it back out (GPS included) if the object were reused.
  const pixels = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.length);
  // A synchronous decoder cannot be interrupted: one that overran the budget is refused afterwards.
  deadline.check(header.format);
  return { data: pixels, width: width as number, height: height as number };
}

/** Our own decoders throw `ImageRejection`s themselves; the result must still match the header. */
function checked(header: ImageHeader, bitmap: Bitmap): Bitmap {
  checkSize(header, bitmap.width, bitmap.height, bitmap.data.length, header.width, header.height);
  return bitmap;
}

/**
 * JPEG through our own decoder (handlers/image/jpeg): it downscales in the DCT domain while
 * decoding (1/8 .. 7/8, libjpeg's scaled decoding) to the smallest size still at least
 * `largestTarget`, which is most of the pipeline's time and memory saved. It is strict: truncated data is an error, not grey.
 */
function decodeJpegScaled(buffer: Buffer, header: ImageHeader, options: DecodeOptions, deadline: DecodeDeadline): Bitmap {
  let decoded: DecodedJpeg;
  try {
    decoded = decodeJpeg(buffer, { minSize: options.largestTarget, maxPixels: options.maxPixels, deadline: deadline.at });
  } catch (error) {
    throw decodeFailure(header, error, deadline);
  }
  deadline.check(header.format);
  const { data, width, height, scale } = decoded;
  checkSize(header, width, height, data.length, Math.ceil((header.width * scale) / 8), Math.ceil((header.height * scale) / 8));
  return { data: Buffer.from(data.buffer, data.byteOffset, data.length), width, height };
}

/**
 * A decoder failure is the file's fault (`Corrupt`), except when the deadline had passed (the
 * decoder stopped for time: `DecodeTimeout`) or memory ran out after the header's budget admitted
 * the image (the container's state, not the file): those two are retried.
 */
function decodeFailure(header: ImageHeader, error: unknown, deadline: DecodeDeadline): Error {
  if (error instanceof ImageRejection || isDecodeTimeout(error)) return error;
  if (deadline.passed()) return deadline.timeout(header.format);
  if ((error as Error).name === "RangeError" && /allocation failed/i.test((error as Error).message)) return error as Error;
  return corrupt(header, error);
}

function corrupt(header: ImageHeader, error: unknown): ImageRejection {
  const detail = error instanceof Error ? error.message : String(error);
  return new ImageRejection("Corrupt", `The ${header.format.toUpperCase()} file could not be decoded: ${detail}.`);
}

/** The decoder must agree with the header the limits were checked against. */
function checkSize(header: ImageHeader, width: unknown, height: unknown, bytes: number, expectedWidth: number, expectedHeight: number): void {
  if (width !== expectedWidth || height !== expectedHeight || bytes !== expectedWidth * expectedHeight * 4) {
    throw new ImageRejection(
      "Corrupt",
      `The ${header.format.toUpperCase()} file decoded to ${String(width)}x${String(height)}, but its header says ${header.width}x${header.height}.`,
    );
  }
}
