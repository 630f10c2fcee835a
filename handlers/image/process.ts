import type { VariantSpec } from "../config";
import { hasTransparency, type Bitmap } from "./bitmap";
import { DecodeDeadline } from "./deadline";
import { decodeImage } from "./decode";
import { encodeImage } from "./encode";
import { ImageRejection } from "./errors";
import { contentTypeOf, extensionOf, type ImageFormat, type OutputFormat } from "./formats";
import { fitInside, orientedSize, swapsAxes, type Size } from "./geometry";
import { readHeader, type ImageHeader } from "./header";
import { checkDecodeMemory } from "./memory-budget";
import { applyOrientation } from "./orient";
import { resizeBitmap } from "./resize";
import { sniffFormat } from "./sniff";

export interface ImageLimits {
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
  /** Largest accepted width x height (all pages, for TIFF), checked on the header before decoding. */
  readonly maxPixels: number;
}

export interface ProcessOptions extends ImageLimits {
  readonly variants: readonly VariantSpec[];
  /** JPEG quality 1-100 for JPEG outputs. */
  readonly jpegQuality: number;
  /** Epoch ms by which decoding must be done (the invocation's time budget); none when absent. */
  readonly decodeDeadline?: number;
}

export interface EncodedVariant {
  readonly name: string;
  readonly format: OutputFormat;
  readonly contentType: string;
  /** File extension without the dot: `jpg` or `png`. */
  readonly extension: string;
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

export interface ProcessedImage {
  readonly format: ImageFormat;
  /** Size as displayed (after EXIF orientation). */
  readonly width: number;
  readonly height: number;
  /** Same order as `options.variants`. */
  readonly variants: readonly EncodedVariant[];
}

/**
 * Checks everything that can be checked without decoding: size, format, header dimensions.
 * Throws an `ImageRejection`; returns the header on success.
 */
export function inspectImage(buffer: Buffer, limits: ImageLimits): ImageHeader {
  if (buffer.length === 0) throw new ImageRejection("EmptyFile", "The file is empty (0 bytes).");
  checkByteSize(buffer.length, limits.maxBytes);
  const header = readHeader(buffer, sniffFormat(buffer));
  if (header.totalPixels > limits.maxPixels) {
    const pages = header.totalPixels === header.width * header.height ? "" : " across all its pages";
    throw new ImageRejection(
      "TooManyPixels",
      `The image is ${header.width}x${header.height} (${header.totalPixels} pixels${pages}), over the limit of ${limits.maxPixels} pixels.`,
    );
  }
  return header;
}

/** The byte limit, usable before download (with the object's ContentLength) and after. */
export function checkByteSize(bytes: number, maxBytes: number): void {
  if (bytes === 0) throw new ImageRejection("EmptyFile", "The file is empty (0 bytes).");
  if (bytes > maxBytes) {
    throw new ImageRejection("TooLarge", `The file is ${bytes} bytes, over the limit of ${maxBytes} bytes.`);
  }
}

/**
 * The image core: validate, decode, orient, and produce every variant (fit inside, never
 * upscaled). Opaque images become JPEG; images with any transparency stay PNG.
 */
export async function processImage(buffer: Buffer, options: ProcessOptions): Promise<ProcessedImage> {
  const header = inspectImage(buffer, options);
  const displayed = orientedSize(header, header.orientation);
  const targets = options.variants.map((spec) => ({ spec, size: fitInside(displayed, spec.maxWidth, spec.maxHeight) }));
  const largest = targets.reduce((a, b) => (b.size.width * b.size.height > a.size.width * a.size.height ? b : a)).size;
  checkDecodeMemory(buffer, header, stored(largest, header.orientation));
  const decoded = await decodeImage(buffer, header, {
    maxPixels: options.maxPixels,
    largestTarget: stored(largest, header.orientation),
    deadline: options.decodeDeadline === undefined ? undefined : new DecodeDeadline(options.decodeDeadline),
  });
  const format: OutputFormat = header.format !== "jpeg" && hasTransparency(decoded) ? "png" : "jpeg";

  // Largest first, each variant resampled from the previous one (the 256 from the 1024), so
  // only one full-size bitmap ever exists, and orientation is applied once, to the first variant.
  const order = [...targets].sort((a, b) => b.size.width * b.size.height - a.size.width * a.size.height);
  const results = new Map<string, EncodedVariant>();
  let current: Bitmap = decoded;
  let orientation = header.orientation;
  for (const { spec, size } of order) {
    const target = stored(size, orientation);
    current = resizeBitmap(current, target.width, target.height);
    if (orientation !== 1) {
      current = applyOrientation(current, orientation);
      orientation = 1;
    }
    results.set(spec.name, {
      name: spec.name,
      format,
      contentType: contentTypeOf(format),
      extension: extensionOf(format),
      width: current.width,
      height: current.height,
      data: encodeImage(current, format, options.jpegQuality),
    });
  }
  return {
    format: header.format,
    width: displayed.width,
    height: displayed.height,
    variants: options.variants.map((spec) => results.get(spec.name)!),
  };
}

/** A displayed size expressed in the stored orientation. */
function stored(displayed: Size, orientation: number): Size {
  return swapsAxes(orientation) ? { width: displayed.height, height: displayed.width } : displayed;
}
