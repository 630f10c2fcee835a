import type { Bitmap } from "./bitmap";
import { swapsAxes } from "./geometry";

/**
 * Returns the bitmap as it should be displayed for EXIF orientation 1-8 (the JEITA CP-3451
 * table). Runs on the already downscaled variant, which gives the same picture as rotating the
 * full-size decode first at a fraction of the memory and time.
 */
export function applyOrientation(source: Bitmap, orientation: number): Bitmap {
  if (orientation === 1 || orientation < 1 || orientation > 8) return source;
  const { width: w, height: h } = source;
  const swap = swapsAxes(orientation);
  const width = swap ? h : w;
  const height = swap ? w : h;
  const src = pixels(source.data);
  const out = Buffer.alloc(source.data.length);
  const dst = new Uint32Array(out.buffer, out.byteOffset, out.length / 4);
  // For each displayed pixel (x, y), the stored pixel it shows.
  const from = sourceIndex(orientation, w, h);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) dst[y * width + x] = src[from(x, y)];
  }
  return { data: out, width, height };
}

function sourceIndex(orientation: number, w: number, h: number): (x: number, y: number) => number {
  switch (orientation) {
    case 2:
      return (x, y) => y * w + (w - 1 - x); // mirror horizontal
    case 3:
      return (x, y) => (h - 1 - y) * w + (w - 1 - x); // rotate 180
    case 4:
      return (x, y) => (h - 1 - y) * w + x; // mirror vertical
    case 5:
      return (x, y) => x * w + y; // transpose
    case 6:
      return (x, y) => (h - 1 - x) * w + y; // rotate 90 clockwise
    case 7:
      return (x, y) => (h - 1 - x) * w + (w - 1 - y); // transverse
    default:
      return (x, y) => x * w + (w - 1 - y); // 8: rotate 270 clockwise
  }
}

/** A 32-bit view that moves whole RGBA pixels; copies only if the buffer is not 4-byte aligned. */
function pixels(data: Buffer): Uint32Array {
  const aligned = data.byteOffset % 4 === 0 ? data : Buffer.from(data);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}
