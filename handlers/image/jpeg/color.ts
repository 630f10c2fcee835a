/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { Component, Frame } from "./frame";

/** How the components map to RGB, from the component count, the Adobe marker and the ids. */
export type ColorModel = "gray" | "ycbcr" | "rgb" | "cmyk" | "ycck";

/** Fixed-point (16 fractional bits) YCbCr -> RGB tables (JFIF / ITU-R BT.601 full range). */
const FIX = 1 << 16;
const HALF = FIX / 2;
const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i - 128;
  CR_R[i] = Math.round(1.402 * FIX * c) + HALF; // + HALF: rounding for the final shift
  CB_B[i] = Math.round(1.772 * FIX * c) + HALF;
  CR_G[i] = -Math.round(0.714136 * FIX * c);
  CB_G[i] = -Math.round(0.344136 * FIX * c) + HALF;
}

/** Clamps -384..639 to 0..255 by lookup (libjpeg's range-limit idea): cheaper than branches. */
const CLAMP = new Uint8Array(1024);
for (let i = 0; i < 1024; i++) CLAMP[i] = Math.max(0, Math.min(255, i - 384));
const CLAMP_OFFSET = 384;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  // Pixels are written as one 32-bit word (RGBA in memory order only on little-endian CPUs).
  throw new Error("the JPEG decoder needs a little-endian CPU");
}
const OPAQUE = 0xff000000;

/**
 * One component's samples resampled to the output grid, one output row at a time: a view into
 * the plane when it is already at output resolution, else pixel replication into a reused row.
 */
class RowSource {
  private readonly row: Uint8ClampedArray;
  private readonly direct: boolean;

  constructor(
    private readonly comp: Component,
    private readonly width: number,
  ) {
    this.direct = comp.upX === 1;
    this.row = new Uint8ClampedArray(this.direct ? 0 : width);
  }

  /** Samples for output row `y`; the returned array is valid until the next call. */
  at(y: number): { samples: Uint8ClampedArray; offset: number } {
    const comp = this.comp;
    const start = ((y / comp.upY) | 0) * comp.stride;
    if (this.direct) return { samples: comp.plane, offset: start };
    const up = comp.upX;
    const plane = comp.plane;
    const row = this.row;
    for (let x = 0, src = start; x < this.width; src++) {
      const value = plane[src];
      for (let i = 0; i < up && x < this.width; i++) row[x++] = value;
    }
    return { samples: row, offset: 0 };
  }
}

/**
 * Converts the decoded planes to interleaved RGBA. Subsampled chroma was decoded to larger blocks
 * where the scale allowed (see decode.ts), so at reduced scales it usually needs no upsampling;
 * otherwise it is replicated.
 */
export function toRgba(frame: Frame, model: ColorModel): Uint8Array {
  const width = frame.outWidth;
  const height = frame.outHeight;
  const out = new Uint32Array(width * height);
  const comps = frame.components;
  const [lum, cb, cr] = comps;
  if (model === "ycbcr" && lum.upX === 1 && cb.upX === 2 && cr.upX === 2 && cb.upY === cr.upY && cb.stride === cr.stride) {
    // Chroma at half the width (4:2:0 at 3/8, or full size): read it at x/2 instead of replicating.
    for (let y = 0, o = 0; y < height; y++, o += width) {
      const rowOf = (c: Component) => ((y / c.upY) | 0) * c.stride;
      ycbcrRowHalfChroma(out, o, width, lum.plane, rowOf(lum), cb.plane, cr.plane, rowOf(cb));
    }
    return new Uint8Array(out.buffer);
  }
  const sources = comps.map((c) => new RowSource(c, width));
  for (let y = 0, o = 0; y < height; y++, o += width) {
    const rows = sources.map((s) => s.at(y));
    if (model === "gray") grayRow(out, o, width, rows[0].samples, rows[0].offset);
    else if (model === "ycbcr") ycbcrRow(out, o, width, rows);
    else if (model === "rgb") rgbRow(out, o, width, rows);
    else cmykRow(out, o, width, rows, model === "ycck");
  }
  return new Uint8Array(out.buffer);
}

type Row = { samples: Uint8ClampedArray; offset: number };

// Each row writer stores whole pixels: R | G << 8 | B << 16 | A << 24 is RGBA in memory.
function grayRow(out: Uint32Array, o: number, width: number, p: Uint8ClampedArray, i: number): void {
  for (let x = 0; x < width; x++) {
    const g = p[i++];
    out[o++] = (OPAQUE | (g << 16) | (g << 8) | g) >>> 0;
  }
}

function ycbcrRow(out: Uint32Array, o: number, width: number, rows: Row[]): void {
  const py = rows[0].samples;
  const pb = rows[1].samples;
  const pr = rows[2].samples;
  let iy = rows[0].offset;
  let ib = rows[1].offset;
  let ir = rows[2].offset;
  for (let x = 0; x < width; x++) {
    const yy = py[iy++] * FIX;
    const cb = pb[ib++];
    const cr = pr[ir++];
    const r = CLAMP[((yy + CR_R[cr]) >> 16) + CLAMP_OFFSET];
    const g = CLAMP[((yy + CB_G[cb] + CR_G[cr]) >> 16) + CLAMP_OFFSET];
    const b = CLAMP[((yy + CB_B[cb]) >> 16) + CLAMP_OFFSET];
    out[o++] = (OPAQUE | (b << 16) | (g << 8) | r) >>> 0;
  }
}

function ycbcrRowHalfChroma(out: Uint32Array, o: number, width: number, py: Uint8ClampedArray, iy: number, pb: Uint8ClampedArray, pr: Uint8ClampedArray, ic: number): void {
  for (let x = 0; x < width; x++) {
    const yy = py[iy + x] * FIX;
    const c = ic + (x >> 1);
    const cb = pb[c];
    const cr = pr[c];
    const r = CLAMP[((yy + CR_R[cr]) >> 16) + CLAMP_OFFSET];
    const g = CLAMP[((yy + CB_G[cb] + CR_G[cr]) >> 16) + CLAMP_OFFSET];
    const b = CLAMP[((yy + CB_B[cb]) >> 16) + CLAMP_OFFSET];
    out[o++] = (OPAQUE | (b << 16) | (g << 8) | r) >>> 0;
  }
}

function rgbRow(out: Uint32Array, o: number, width: number, rows: Row[]): void {
  const [r, g, b] = rows;
  for (let x = 0; x < width; x++) {
    out[o++] = (OPAQUE | (b.samples[b.offset + x] << 16) | (g.samples[g.offset + x] << 8) | r.samples[r.offset + x]) >>> 0;
  }
}

/** CMYK as Adobe writes it (inverted: 255 = no ink); YCCK is its YCbCr-coded form. */
function cmykRow(out: Uint32Array, o: number, width: number, rows: Row[], ycck: boolean): void {
  const [c0, c1, c2, c3] = rows;
  for (let x = 0; x < width; x++) {
    let c = c0.samples[c0.offset + x];
    let m = c1.samples[c1.offset + x];
    let y = c2.samples[c2.offset + x];
    const k = c3.samples[c3.offset + x];
    if (ycck) {
      const yy = c * FIX;
      const cb = m;
      const cr = y;
      c = 255 - clamp((yy + CR_R[cr]) >> 16);
      m = 255 - clamp((yy + CB_G[cb] + CR_G[cr]) >> 16);
      y = 255 - clamp((yy + CB_B[cb]) >> 16);
    }
    const r = Math.round((c * k) / 255);
    const g = Math.round((m * k) / 255);
    const b = Math.round((y * k) / 255);
    out[o++] = (OPAQUE | (b << 16) | (g << 8) | r) >>> 0;
  }
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);
