/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { Frame } from "./frame";

/** How the components map to RGB, from the component count, the Adobe marker and the ids. */
export type ColorModel = "gray" | "ycbcr" | "rgb" | "cmyk" | "ycck";

/** Fixed-point (16 fractional bits) YCbCr -> RGB tables (JFIF / ITU-R BT.601 full range). */
const FIX = 1 << 16;
const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i - 128;
  CR_R[i] = Math.round(1.402 * FIX * c);
  CB_B[i] = Math.round(1.772 * FIX * c);
  CR_G[i] = -Math.round(0.714136 * FIX * c);
  CB_G[i] = -Math.round(0.344136 * FIX * c) + FIX / 2; // + rounding for the final shift
}

/**
 * Column index of each output x in a component's plane (x / upX), precomputed per component so
 * the per-pixel loop does one table read instead of a division.
 */
function columnMap(width: number, up: number): Int32Array {
  const map = new Int32Array(width);
  for (let x = 0; x < width; x++) map[x] = (x / up) | 0;
  return map;
}

/**
 * Converts the decoded planes to interleaved RGBA, upsampling subsampled chroma by pixel
 * replication (their blocks were already decoded larger where the scale allowed, see decode.ts).
 */
export function toRgba(frame: Frame, model: ColorModel): Uint8ClampedArray {
  const width = frame.outWidth;
  const height = frame.outHeight;
  const out = new Uint8ClampedArray(width * height * 4);
  const comps = frame.components;
  const maps = comps.map((c) => columnMap(width, c.upX));
  let o = 0;
  for (let y = 0; y < height; y++) {
    const rows = comps.map((c) => ((y / c.upY) | 0) * c.stride);
    if (model === "gray") {
      const p = comps[0].plane;
      const m = maps[0];
      const r0 = rows[0];
      for (let x = 0; x < width; x++, o += 4) {
        const g = p[r0 + m[x]];
        out[o] = g;
        out[o + 1] = g;
        out[o + 2] = g;
        out[o + 3] = 255;
      }
    } else if (model === "ycbcr" || model === "rgb") {
      const p0 = comps[0].plane;
      const p1 = comps[1].plane;
      const p2 = comps[2].plane;
      const m0 = maps[0];
      const m1 = maps[1];
      const m2 = maps[2];
      const r0 = rows[0];
      const r1 = rows[1];
      const r2 = rows[2];
      if (model === "rgb") {
        for (let x = 0; x < width; x++, o += 4) {
          out[o] = p0[r0 + m0[x]];
          out[o + 1] = p1[r1 + m1[x]];
          out[o + 2] = p2[r2 + m2[x]];
          out[o + 3] = 255;
        }
      } else {
        for (let x = 0; x < width; x++, o += 4) {
          const yy = p0[r0 + m0[x]] * FIX;
          const cb = p1[r1 + m1[x]];
          const cr = p2[r2 + m2[x]];
          out[o] = (yy + CR_R[cr] + FIX / 2) >> 16;
          out[o + 1] = (yy + CB_G[cb] + CR_G[cr]) >> 16;
          out[o + 2] = (yy + CB_B[cb] + FIX / 2) >> 16;
          out[o + 3] = 255;
        }
      }
    } else {
      // CMYK as Adobe writes it (inverted: 255 = no ink), YCCK being its YCbCr-coded form.
      const p = comps.map((c) => c.plane);
      for (let x = 0; x < width; x++, o += 4) {
        let c0 = p[0][rows[0] + maps[0][x]];
        let c1 = p[1][rows[1] + maps[1][x]];
        let c2 = p[2][rows[2] + maps[2][x]];
        const k = p[3][rows[3] + maps[3][x]];
        if (model === "ycck") {
          const yy = c0 * FIX;
          const cb = c1;
          const cr = c2;
          c0 = 255 - Math.min(255, Math.max(0, (yy + CR_R[cr] + FIX / 2) >> 16));
          c1 = 255 - Math.min(255, Math.max(0, (yy + CB_G[cb] + CR_G[cr]) >> 16));
          c2 = 255 - Math.min(255, Math.max(0, (yy + CB_B[cb] + FIX / 2) >> 16));
        }
        out[o] = (c0 * k) / 255;
        out[o + 1] = (c1 * k) / 255;
        out[o + 2] = (c2 * k) / 255;
        out[o + 3] = 255;
      }
    }
  }
  return out;
}
