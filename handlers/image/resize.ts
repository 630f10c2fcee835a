import { createJimp } from "@jimp/core";
import { methods as resizeMethods } from "@jimp/plugin-resize";
import type { Bitmap } from "./bitmap";

// A Jimp class with only the resize plugin and no formats: all this module needs.
const Jimp = createJimp({ plugins: [resizeMethods] });

/**
 * Resamples to exactly `width` x `height` with jimp's default (bilinear, area-averaging on
 * downscale) resizer. Returns a new bitmap; the caller drops the larger one.
 */
export function resizeBitmap(source: Bitmap, width: number, height: number): Bitmap {
  if (source.width === width && source.height === height) return source;
  const image = new Jimp({ data: source.data, width: source.width, height: source.height });
  image.resize({ w: width, h: height });
  return { data: image.bitmap.data, width: image.bitmap.width, height: image.bitmap.height };
}
