/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
/**
 * Inverse DCTs producing NxN pixels (N = 1..8) from one block's coefficients. The reduced
 * sizes are libjpeg's scaled decoding (jidctred.c): an N-point IDCT over the lowest NxN
 * coefficients yields the block downscaled by 8/N, low-pass filtered for free, without ever
 * producing the full-size pixels. Written from the DCT definition, not from libjpeg's code.
 *
 * Coefficients arrive in natural (row-major) order and still quantized; `multipliers` folds the
 * dequantization and each algorithm's constant factors into one table per (quant table, size).
 * Output goes to a Uint8ClampedArray, which rounds and clamps on store.
 */

/** Sizes (per side) a block can be decoded to. */
export type BlockSize = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const AAN_SCALE = new Float64Array(8).map((_, k) => (k === 0 ? 1 : Math.cos((k * Math.PI) / 16) * Math.SQRT2));

/**
 * Builds the per-coefficient multipliers for one quantization table (natural order) and size.
 * For 8: the AAN float IDCT's prescale (and the final 1/8). For N < 8: c(u)c(v)/4 * q, the
 * normalization that makes a DC-only block the same value at every size.
 */
export function idctMultipliers(quant: Uint16Array, size: BlockSize): Float32Array {
  const out = new Float32Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      const i = v * 8 + u;
      if (size === 8) out[i] = (quant[i] * AAN_SCALE[v] * AAN_SCALE[u]) / 8;
      else if (u < size && v < size) out[i] = (quant[i] * (u === 0 ? Math.SQRT1_2 : 1) * (v === 0 ? Math.SQRT1_2 : 1)) / 4;
    }
  }
  return out;
}

/** cos((2x+1)uπ/2N) for the reduced sizes, indexed [x * N + u]. */
function cosTable(n: number): Float32Array {
  const table = new Float32Array(n * n);
  for (let x = 0; x < n; x++) for (let u = 0; u < n; u++) table[x * n + u] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * n));
  return table;
}
const COS4 = cosTable(4);
const COS2 = cosTable(2);
const COS_N = [1, 2, 3, 4, 5, 6, 7].map((n) => cosTable(n));

/** Reused workspace: 64 floats is all any block needs. */
const workspace = new Float32Array(64);

/**
 * Full-size IDCT: the AAN float algorithm (Arai, Agui, Nakajima), columns then rows, skipping
 * columns whose AC coefficients are all zero (most of them in a typical photo).
 */
export function idct8(coefs: Int16Array, at: number, mult: Float32Array, out: Uint8ClampedArray, outAt: number, stride: number): void {
  const ws = workspace;
  for (let col = 0; col < 8; col++) {
    const c = at + col;
    if (coefs[c + 8] === 0 && coefs[c + 16] === 0 && coefs[c + 24] === 0 && coefs[c + 32] === 0 && coefs[c + 40] === 0 && coefs[c + 48] === 0 && coefs[c + 56] === 0) {
      const dc = coefs[c] * mult[col];
      ws[col] = dc;
      ws[col + 8] = dc;
      ws[col + 16] = dc;
      ws[col + 24] = dc;
      ws[col + 32] = dc;
      ws[col + 40] = dc;
      ws[col + 48] = dc;
      ws[col + 56] = dc;
      continue;
    }
    // Even part.
    let tmp0 = coefs[c] * mult[col];
    let tmp1 = coefs[c + 16] * mult[col + 16];
    let tmp2 = coefs[c + 32] * mult[col + 32];
    let tmp3 = coefs[c + 48] * mult[col + 48];
    let tmp10 = tmp0 + tmp2;
    let tmp11 = tmp0 - tmp2;
    const tmp13 = tmp1 + tmp3;
    let tmp12 = (tmp1 - tmp3) * 1.414213562 - tmp13;
    tmp0 = tmp10 + tmp13;
    tmp3 = tmp10 - tmp13;
    tmp1 = tmp11 + tmp12;
    tmp2 = tmp11 - tmp12;
    // Odd part.
    const tmp4 = coefs[c + 8] * mult[col + 8];
    const tmp5 = coefs[c + 24] * mult[col + 24];
    const tmp6 = coefs[c + 40] * mult[col + 40];
    const tmp7 = coefs[c + 56] * mult[col + 56];
    const z13 = tmp6 + tmp5;
    const z10 = tmp6 - tmp5;
    const z11 = tmp4 + tmp7;
    const z12 = tmp4 - tmp7;
    const o7 = z11 + z13;
    tmp11 = (z11 - z13) * 1.414213562;
    const z5 = (z10 + z12) * 1.847759065;
    tmp10 = z5 - z12 * 1.0823922;
    tmp12 = z5 - z10 * 2.61312593;
    const o6 = tmp12 - o7;
    const o5 = tmp11 - o6;
    const o4 = tmp10 - o5;
    ws[col] = tmp0 + o7;
    ws[col + 56] = tmp0 - o7;
    ws[col + 8] = tmp1 + o6;
    ws[col + 48] = tmp1 - o6;
    ws[col + 16] = tmp2 + o5;
    ws[col + 40] = tmp2 - o5;
    ws[col + 24] = tmp3 + o4;
    ws[col + 32] = tmp3 - o4;
  }
  for (let row = 0, w = 0, o = outAt; row < 8; row++, w += 8, o += stride) {
    const tmp0a = ws[w];
    const tmp2a = ws[w + 4];
    const tmp10 = tmp0a + tmp2a;
    const tmp11 = tmp0a - tmp2a;
    const tmp13 = ws[w + 2] + ws[w + 6];
    const tmp12 = (ws[w + 2] - ws[w + 6]) * 1.414213562 - tmp13;
    const tmp0 = tmp10 + tmp13;
    const tmp3 = tmp10 - tmp13;
    const tmp1 = tmp11 + tmp12;
    const tmp2 = tmp11 - tmp12;
    const z13 = ws[w + 5] + ws[w + 3];
    const z10 = ws[w + 5] - ws[w + 3];
    const z11 = ws[w + 1] + ws[w + 7];
    const z12 = ws[w + 1] - ws[w + 7];
    const o7 = z11 + z13;
    const t11 = (z11 - z13) * 1.414213562;
    const z5 = (z10 + z12) * 1.847759065;
    const t10 = z5 - z12 * 1.0823922;
    const t12 = z5 - z10 * 2.61312593;
    const o6 = t12 - o7;
    const o5 = t11 - o6;
    const o4 = t10 - o5;
    // +128 undoes the encoder's level shift.
    out[o] = tmp0 + o7 + 128;
    out[o + 7] = tmp0 - o7 + 128;
    out[o + 1] = tmp1 + o6 + 128;
    out[o + 6] = tmp1 - o6 + 128;
    out[o + 2] = tmp2 + o5 + 128;
    out[o + 5] = tmp2 - o5 + 128;
    out[o + 3] = tmp3 + o4 + 128;
    out[o + 4] = tmp3 - o4 + 128;
  }
}

/** 4x4 output from the lowest 4x4 coefficients (1/2 scale). */
export function idct4(coefs: Int16Array, at: number, mult: Float32Array, out: Uint8ClampedArray, outAt: number, stride: number): void {
  const ws = workspace;
  // Columns: ws[x_row * 4 + u] = sum over v of F(u, v) cos(v, y).
  for (let u = 0; u < 4; u++) {
    const f0 = coefs[at + u] * mult[u];
    const f1 = coefs[at + 8 + u] * mult[8 + u];
    const f2 = coefs[at + 16 + u] * mult[16 + u];
    const f3 = coefs[at + 24 + u] * mult[24 + u];
    for (let y = 0; y < 4; y++) {
      const k = y * 4;
      ws[k + u] = f0 + f1 * COS4[k + 1] + f2 * COS4[k + 2] + f3 * COS4[k + 3];
    }
  }
  for (let y = 0, o = outAt; y < 4; y++, o += stride) {
    const k = y * 4;
    const g0 = ws[k];
    const g1 = ws[k + 1];
    const g2 = ws[k + 2];
    const g3 = ws[k + 3];
    for (let x = 0; x < 4; x++) {
      const c = x * 4;
      out[o + x] = g0 + g1 * COS4[c + 1] + g2 * COS4[c + 2] + g3 * COS4[c + 3] + 128;
    }
  }
}

const C3 = Math.cos(Math.PI / 6); // cos(π/6) = -cos(5π/6); cos(π/2) = 0

/** 3x3 output from the lowest 3x3 coefficients (3/8 scale). */
export function idct3(coefs: Int16Array, at: number, mult: Float32Array, out: Uint8ClampedArray, outAt: number, stride: number): void {
  const ws = workspace;
  // Columns; the 3-point basis: u=1 -> (c, 0, -c), u=2 -> (1/2, -1, 1/2).
  for (let u = 0; u < 3; u++) {
    const f0 = coefs[at + u] * mult[u];
    const f1 = coefs[at + 8 + u] * mult[8 + u] * C3;
    const f2 = coefs[at + 16 + u] * mult[16 + u];
    ws[u] = f0 + f1 + 0.5 * f2;
    ws[3 + u] = f0 - f2;
    ws[6 + u] = f0 - f1 + 0.5 * f2;
  }
  for (let y = 0, k = 0, o = outAt; y < 3; y++, k += 3, o += stride) {
    const g0 = ws[k] + 128;
    const g1 = ws[k + 1] * C3;
    const g2 = ws[k + 2];
    out[o] = g0 + g1 + 0.5 * g2;
    out[o + 1] = g0 - g2;
    out[o + 2] = g0 - g1 + 0.5 * g2;
  }
}

/** 2x2 output from the lowest 2x2 coefficients (1/4 scale). */
export function idct2(coefs: Int16Array, at: number, mult: Float32Array, out: Uint8ClampedArray, outAt: number, stride: number): void {
  const f00 = coefs[at] * mult[0];
  const f10 = coefs[at + 1] * mult[1] * COS2[1];
  const f01 = coefs[at + 8] * mult[8] * COS2[1];
  const f11 = coefs[at + 9] * mult[9] * COS2[1] * COS2[1];
  // cos(3π/4) = -cos(π/4): the second row/column flips the sign of the first-order terms.
  out[outAt] = f00 + f10 + f01 + f11 + 128;
  out[outAt + 1] = f00 - f10 + f01 - f11 + 128;
  out[outAt + stride] = f00 + f10 - f01 - f11 + 128;
  out[outAt + stride + 1] = f00 - f10 - f01 + f11 + 128;
}

/** 1x1 output: the block's mean, from its DC coefficient alone (1/8 scale). */
export function idct1(coefs: Int16Array, at: number, mult: Float32Array, out: Uint8ClampedArray, outAt: number): void {
  out[outAt] = coefs[at] * mult[0] + 128;
}

/**
 * Any other size N (3, 5, 6, 7: libjpeg's M/8 scales): the same separable N-point IDCT as idct4,
 * with the loops left general.
 */
export function idctN(coefs: Int16Array, at: number, mult: Float32Array, out: Uint8ClampedArray, outAt: number, stride: number, n: number): void {
  const ws = workspace;
  const cos = COS_N[n - 1];
  for (let u = 0; u < n; u++) {
    for (let y = 0; y < n; y++) {
      let sum = 0;
      for (let v = 0; v < n; v++) sum += coefs[at + v * 8 + u] * mult[v * 8 + u] * cos[y * n + v];
      ws[y * 8 + u] = sum;
    }
  }
  for (let y = 0, o = outAt; y < n; y++, o += stride) {
    for (let x = 0; x < n; x++) {
      let sum = 128;
      for (let u = 0; u < n; u++) sum += ws[y * 8 + u] * cos[x * n + u];
      out[o + x] = sum;
    }
  }
}
