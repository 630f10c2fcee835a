/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
/**
 * A baseline JPEG encoder (JFIF, YCbCr 4:2:0, the standard Annex K tables scaled by quality as
 * libjpeg does), for the handler's variants. jpeg-js, jimp's encoder, writes 4:4:4 (twice the
 * chroma blocks) and rebuilds its tables (tens of thousands of small arrays) on every call; here
 * tables are built once per quality and every buffer is reused, which made encoding the
 * largest remaining cost of the job (see docs/performance.md). Writes no metadata.
 */
import { ZIGZAG } from "./frame";

// JPEG Annex K.1: quantization tables in natural order.
const STD_LUMA_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64,
  81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const STD_CHROMA_QUANT = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...new Array<number>(32).fill(99),
];

// JPEG Annex K.3: the typical Huffman tables (code counts per length 1..16, then symbols).
const DC_LUMA_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_BITS = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMA_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_LUMA_VALUES = hex(
  "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa",
);
const AC_CHROMA_BITS = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const AC_CHROMA_VALUES = hex(
  "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa",
);

function hex(text: string): number[] {
  return Array.from({ length: text.length / 2 }, (_, i) => parseInt(text.slice(2 * i, 2 * i + 2), 16));
}

/** Code and length per symbol, from a table's counts and symbols (JPEG Annex C). */
interface EncodeTable {
  readonly code: Uint16Array;
  readonly size: Uint8Array;
}

function encodeTable(bits: number[], values: number[]): EncodeTable {
  const code = new Uint16Array(256);
  const size = new Uint8Array(256);
  let next = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]; i++, k++, next++) {
      code[values[k]] = next;
      size[values[k]] = length;
    }
    next <<= 1;
  }
  return { code, size };
}

const DC_LUMA = encodeTable(DC_LUMA_BITS, DC_VALUES);
const DC_CHROMA = encodeTable(DC_CHROMA_BITS, DC_VALUES);
const AC_LUMA = encodeTable(AC_LUMA_BITS, AC_LUMA_VALUES);
const AC_CHROMA = encodeTable(AC_CHROMA_BITS, AC_CHROMA_VALUES);

const AAN_SCALE = new Float64Array(8).map((_, k) => (k === 0 ? 1 : Math.cos((k * Math.PI) / 16) * Math.SQRT2));

interface QualityTables {
  /** Quantization tables (natural order) as written to the file. */
  readonly luma: Uint8Array;
  readonly chroma: Uint8Array;
  /** 1 / (q * AAN scale * 8): turns the float AAN DCT's output into quantized values. */
  readonly lumaDivisors: Float32Array;
  readonly chromaDivisors: Float32Array;
}

const tablesByQuality = new Map<number, QualityTables>();

/** libjpeg's quality scaling (jcparam.c's jpeg_quality_scaling), so q80 means what it usually does. */
function qualityTables(quality: number): QualityTables {
  let tables = tablesByQuality.get(quality);
  if (tables) return tables;
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2;
  const scaled = (std: number[]) => Uint8Array.from(std, (q) => Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))));
  const divisors = (q: Uint8Array) => Float32Array.from(q, (value, i) => 1 / (value * AAN_SCALE[i >> 3] * AAN_SCALE[i & 7] * 8));
  const luma = scaled(STD_LUMA_QUANT);
  const chroma = scaled(STD_CHROMA_QUANT);
  tables = { luma, chroma, lumaDivisors: divisors(luma), chromaDivisors: divisors(chroma) };
  tablesByQuality.set(quality, tables);
  return tables;
}

/** Growable output with JPEG's bit packing and 0xFF byte stuffing. */
class JpegWriter {
  bytes: Uint8Array;
  length = 0;
  private acc = 0;
  private bits = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  raw(data: ArrayLike<number>): void {
    this.ensure(data.length);
    for (let i = 0; i < data.length; i++) this.bytes[this.length++] = data[i];
  }

  segment(marker: number, body: number[]): void {
    this.raw([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255]);
    this.raw(body);
  }

  /** Appends the low `count` (<= 16) bits of `value`. */
  put(value: number, count: number): void {
    this.acc = (this.acc << count) | (value & ((1 << count) - 1));
    this.bits += count;
    if (this.bits < 8) return;
    this.ensure(6);
    const bytes = this.bytes;
    while (this.bits >= 8) {
      this.bits -= 8;
      const byte = (this.acc >>> this.bits) & 255;
      bytes[this.length++] = byte;
      if (byte === 0xff) bytes[this.length++] = 0; // stuffing: 0xFF in data is followed by 0x00
    }
    this.acc &= (1 << this.bits) - 1;
  }

  /** Pads the last byte with 1-bits (as the standard asks) before a marker. */
  flush(): void {
    if (this.bits > 0) this.put(0x7f, 8 - this.bits);
  }
}

/** Bits needed for |value| (the JPEG "category"). */
function category(value: number): number {
  let magnitude = value < 0 ? -value : value;
  let bits = 0;
  while (magnitude) {
    bits++;
    magnitude >>= 1;
  }
  return bits;
}

// Reused per-block buffers: one block of samples and its quantized coefficients.
const block = new Float32Array(64);
const quantized = new Int32Array(64);

/** Forward DCT (AAN float, as libjpeg's jfdctflt) and quantization of `block` into `quantized`. */
function forwardDct(divisors: Float32Array): void {
  const d = block;
  for (let pass = 0; pass < 2; pass++) {
    const step = pass === 0 ? 1 : 8; // rows, then columns
    const lineStep = pass === 0 ? 8 : 1;
    for (let line = 0; line < 8; line++) {
      const o = line * lineStep;
      const d0 = d[o],
        d1 = d[o + step],
        d2 = d[o + 2 * step],
        d3 = d[o + 3 * step];
      const d4 = d[o + 4 * step],
        d5 = d[o + 5 * step],
        d6 = d[o + 6 * step],
        d7 = d[o + 7 * step];
      const tmp0 = d0 + d7,
        tmp7 = d0 - d7,
        tmp1 = d1 + d6,
        tmp6 = d1 - d6;
      const tmp2 = d2 + d5,
        tmp5 = d2 - d5,
        tmp3 = d3 + d4,
        tmp4 = d3 - d4;
      // Even part.
      const tmp10 = tmp0 + tmp3,
        tmp13 = tmp0 - tmp3,
        tmp11 = tmp1 + tmp2,
        tmp12 = tmp1 - tmp2;
      d[o] = tmp10 + tmp11;
      d[o + 4 * step] = tmp10 - tmp11;
      const z1 = (tmp12 + tmp13) * 0.707106781;
      d[o + 2 * step] = tmp13 + z1;
      d[o + 6 * step] = tmp13 - z1;
      // Odd part.
      const o10 = tmp4 + tmp5,
        o11 = tmp5 + tmp6,
        o12 = tmp6 + tmp7;
      const z5 = (o10 - o12) * 0.382683433;
      const z2 = 0.5411961 * o10 + z5;
      const z4 = 1.306562965 * o12 + z5;
      const z3 = o11 * 0.707106781;
      const z11 = tmp7 + z3,
        z13 = tmp7 - z3;
      d[o + 5 * step] = z13 + z2;
      d[o + 3 * step] = z13 - z2;
      d[o + step] = z11 + z4;
      d[o + 7 * step] = z11 - z4;
    }
  }
  for (let i = 0; i < 64; i++) quantized[i] = Math.round(d[i] * divisors[i]);
}

/** Huffman-codes `quantized` (natural order); returns the block's DC for the next prediction. */
function writeBlock(out: JpegWriter, previousDc: number, dc: EncodeTable, ac: EncodeTable): number {
  const value = quantized[0];
  const diff = value - previousDc;
  const size = category(diff);
  out.put(dc.code[size], dc.size[size]);
  if (size) out.put(diff < 0 ? diff - 1 : diff, size);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const coef = quantized[ZIGZAG[k]];
    if (coef === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      out.put(ac.code[0xf0], ac.size[0xf0]); // 16 zeros
      run -= 16;
    }
    const bits = category(coef);
    const symbol = (run << 4) | bits;
    out.put(ac.code[symbol], ac.size[symbol]);
    out.put(coef < 0 ? coef - 1 : coef, bits);
    run = 0;
  }
  if (run > 0) out.put(ac.code[0], ac.size[0]); // end of block
  return value;
}

/** Encodes RGBA (alpha ignored: the handler only writes opaque images as JPEG) to a JFIF JPEG. */
export function encodeJpeg(rgba: Uint8Array, width: number, height: number, quality: number): Buffer {
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new RangeError(`JPEG quality must be 1-100, got ${quality}`);
  if (rgba.length !== width * height * 4 || width < 1 || height < 1 || width > 65535 || height > 65535) {
    throw new RangeError(`expected ${width}x${height} RGBA (1-65535 px per side), got ${rgba.length} bytes`);
  }
  const tables = qualityTables(quality);
  const out = new JpegWriter(Math.max(4096, (width * height) >> 1));
  out.raw([0xff, 0xd8]);
  out.segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // JFIF 1.01, no thumbnail
  out.segment(0xdb, [0, ...Array.from({ length: 64 }, (_, k) => tables.luma[ZIGZAG[k]]), 1, ...Array.from({ length: 64 }, (_, k) => tables.chroma[ZIGZAG[k]])]);
  // Frame: 8-bit, Y sampled 2x2 with table 0; Cb and Cr 1x1 with table 1 (4:2:0).
  out.segment(0xc0, [8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  out.segment(0xc4, [
    0x00,
    ...DC_LUMA_BITS,
    ...DC_VALUES,
    0x10,
    ...AC_LUMA_BITS,
    ...AC_LUMA_VALUES,
    0x01,
    ...DC_CHROMA_BITS,
    ...DC_VALUES,
    0x11,
    ...AC_CHROMA_BITS,
    ...AC_CHROMA_VALUES,
  ]);
  out.segment(0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);

  // Per MCU (16x16 pixels): RGB -> YCbCr once into these planes, edge pixels repeated.
  const ys = new Float32Array(256);
  const cbs = new Float32Array(256);
  const crs = new Float32Array(256);
  let dcY = 0;
  let dcCb = 0;
  let dcCr = 0;
  // Byte offset of each column and row an MCU can touch, edges repeated: no clamping per pixel.
  const columns = Int32Array.from({ length: width + 16 }, (_, x) => Math.min(x, width - 1) * 4);
  const rows = Int32Array.from({ length: height + 16 }, (_, y) => Math.min(y, height - 1) * width * 4);
  for (let mcuY = 0; mcuY < height; mcuY += 16) {
    for (let mcuX = 0; mcuX < width; mcuX += 16) {
      for (let y = 0, i = 0; y < 16; y++) {
        const row = rows[mcuY + y];
        for (let x = 0; x < 16; x++, i++) {
          const p = row + columns[mcuX + x];
          const r = rgba[p];
          const g = rgba[p + 1];
          const b = rgba[p + 2];
          // JFIF YCbCr, level-shifted by -128 for the DCT.
          ys[i] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          cbs[i] = -0.168735892 * r - 0.331264108 * g + 0.5 * b;
          crs[i] = 0.5 * r - 0.418687589 * g - 0.081312411 * b;
        }
      }
      for (let by = 0; by < 16; by += 8) {
        for (let bx = 0; bx < 16; bx += 8) {
          for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) block[y * 8 + x] = ys[(by + y) * 16 + bx + x];
          forwardDct(tables.lumaDivisors);
          dcY = writeBlock(out, dcY, DC_LUMA, AC_LUMA);
        }
      }
      // Chroma: the mean of each 2x2 pixel group.
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const i = y * 32 + x * 2;
          block[y * 8 + x] = (cbs[i] + cbs[i + 1] + cbs[i + 16] + cbs[i + 17]) * 0.25;
        }
      }
      forwardDct(tables.chromaDivisors);
      dcCb = writeBlock(out, dcCb, DC_CHROMA, AC_CHROMA);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const i = y * 32 + x * 2;
          block[y * 8 + x] = (crs[i] + crs[i + 1] + crs[i + 16] + crs[i + 17]) * 0.25;
        }
      }
      forwardDct(tables.chromaDivisors);
      dcCr = writeBlock(out, dcCr, DC_CHROMA, AC_CHROMA);
    }
  }
  out.flush();
  out.raw([0xff, 0xd9]);
  return Buffer.from(out.bytes.buffer, 0, out.length);
}
