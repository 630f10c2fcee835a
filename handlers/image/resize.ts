import { methods as resizeMethods } from "@jimp/plugin-resize";
import type { Bitmap } from "./bitmap";

type JimpImage = Parameters<typeof resizeMethods.resize>[0];

/**
 * Resamples to exactly `width` x `height` with jimp's default (bilinear, area-averaging on
 * downscale) resizer. Returns a new bitmap; the caller drops the larger one.
 *
 * jimp's plugin method is called directly on a bitmap holder: it only reads and replaces
 * `image.bitmap`, and skipping the Jimp class spares the cold start @jimp/core's imports (its
 * file-type sniffer alone is ~40 ms), which this pipeline never uses.
 */
export function resizeBitmap(source: Bitmap, width: number, height: number): Bitmap {
  if (source.width === width && source.height === height) return source;
  const image = { bitmap: { data: source.data, width: source.width, height: source.height } };
  resizeMethods.resize(image as unknown as JimpImage, { w: width, h: height });
  return { data: image.bitmap.data, width: image.bitmap.width, height: image.bitmap.height };
}
