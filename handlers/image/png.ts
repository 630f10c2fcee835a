/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { crc32, inflateSync } from "node:zlib";
import type { Bitmap } from "./bitmap";
import { DecodeDeadline, type DecoderOptions } from "./deadline";
import { ImageRejection } from "./errors";

/**
 * PNG to RGBA8, as strict as libpng: the image data must inflate to exactly the bytes the header
 * implies (rows x (1 + stride), per pass for Adam7), no more, no less, so no row is ever made up
 * and no output byte is one the inflater did not write. Inflate is Node's zlib, capped at that
 * size (`maxOutputLength`), so a zip bomb stops at the cap. Critical chunks are CRC-checked.
 *
 * Why our own and not pngjs (through @jimp/js-png): its synchronous path decodes short data at full
 * header size from an uninitialised buffer, which carried one upload's pixels into another's
 * output and cost hundreds of MiB on tiny files. See docs/image-formats.md for the measurement.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Samples per pixel by colour type, and the bit depths each allows (PNG spec, table 11.1). */
const COLOUR_TYPES: ReadonlyMap<number, { channels: number; depths: readonly number[] }> = new Map([
  [0, { channels: 1, depths: [1, 2, 4, 8, 16] }],
  [2, { channels: 3, depths: [8, 16] }],
  [3, { channels: 1, depths: [1, 2, 4, 8] }],
  [4, { channels: 2, depths: [8, 16] }],
  [6, { channels: 4, depths: [8, 16] }],
]);

/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
const WHOLE = [[0, 0, 1, 1]] as const;

interface PngInfo {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly colourType: number;
  readonly channels: number;
  readonly interlaced: boolean;
  /** RGBA palette (alpha from tRNS), colour type 3 only. */
  readonly palette?: Uint8Array;
  readonly paletteSize: number;
  /** tRNS colour key for types 0 and 2, in sample values at the image's bit depth. */
  readonly transparent?: readonly number[];
  readonly idat: Buffer;
}

interface Pass {
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
  readonly width: number;
  readonly rows: number;
  readonly stride: number;
}

function corrupt(detail: string): ImageRejection {
  return new ImageRejection("Corrupt", `The PNG file is damaged: ${detail}.`);
}

export function decodePng(buffer: Buffer, options: DecoderOptions = {}): Bitmap {
  const deadline = options.deadline ?? DecodeDeadline.none();
  const info = readChunks(buffer);
  const passes = passesOf(info);
  const expected = passes.reduce((sum, p) => sum + p.rows * (1 + p.stride), 0);
  const rgbaBytes = info.width * info.height * 4;
  const inPlace = !info.interlaced && info.depth === 8 && (info.colourType === 2 || info.colourType === 6) && !info.transparent;
  const raw = inflateExactly(info.idat, expected, inPlace ? rgbaBytes : 0);
  if (inPlace && raw.byteOffset === 0 && raw.buffer.byteLength >= rgbaBytes) return expandInPlace(raw, info, passes[0], deadline);
  const out = Buffer.allocUnsafe(rgbaBytes);
  let offset = 0;
  for (const pass of passes) {
    offset = unfilterPass(raw, offset, pass, info, out, deadline);
  }
  return { data: out, width: info.width, height: info.height };
}

/**
 * 8-bit RGB/RGBA, not interlaced (most PNGs): the rows are unfiltered where they were inflated,
 * then spread into RGBA in the same buffer, which zlib allocated at the RGBA size. That saves the
 * second full-size buffer (the inflated rows, 36 MB at 12 MP RGB). Every output pixel is written
 * from fully inflated data: RGB from the last pixel back, RGBA from the first on, so no pixel
 * overwrites bytes not yet read (pixel i's RGBA bytes start at or before its filtered bytes for
 * RGBA, at or after them for RGB).
 */
function expandInPlace(raw: Buffer, info: PngInfo, pass: Pass, deadline: DecodeDeadline): Bitmap {
  const { width, height, channels } = info;
  const { stride } = pass;
  for (let row = 0, line = 1, prev = -1; row < height; row++, prev = line, line += stride + 1) {
    if ((row & 63) === 0) deadline.check("png");
    unfilterRow(raw, raw[line - 1], line, prev, stride, channels, row);
  }
  const out = Buffer.from(raw.buffer, 0, width * height * 4);
  if (channels === 4) {
    // On the whole buffer: the last rows' filtered bytes lie past the RGBA size.
    const whole = Buffer.from(raw.buffer, 0, raw.buffer.byteLength);
    for (let row = 0; row < height; row++) whole.copyWithin(row * width * 4, row * (stride + 1) + 1, (row + 1) * (stride + 1));
  } else {
    for (let row = height - 1; row >= 0; row--) {
      const line = row * (stride + 1) + 1;
      for (let x = width - 1, s = line + 3 * x, o = (row * width + x) * 4; x >= 0; x--, s -= 3, o -= 4) {
        const r = raw[s];
        const g = raw[s + 1];
        const b = raw[s + 2];
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = b;
        out[o + 3] = 255;
      }
    }
  }
  return { data: out, width, height };
}

/** The image data must inflate to exactly `expected` bytes: short and overlong data are errors. */
function inflateExactly(idat: Buffer, expected: number, capacity: number): Buffer {
  if (idat.length === 0) throw corrupt("it has no image data (IDAT)");
  let raw: Buffer;
  try {
    // `capacity`: one output buffer at least that large (for expandInPlace). Its pages that short
    // data never reaches are never written, so a lying header costs address space, not memory.
    raw = inflateSync(idat, { maxOutputLength: expected + 1, chunkSize: Math.max(16 * 1024, capacity, expected + 1) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE") {
      throw new ImageRejection("TooManyPixels", `The PNG file's compressed data expands to more than the ${expected} bytes its dimensions allow (a decompression bomb).`);
    }
    throw corrupt(`its image data does not inflate (${(error as Error).message})`);
  }
  if (raw.length !== expected) {
    throw corrupt(`its image data inflates to ${raw.length} bytes, but its header implies ${expected}`);
  }
  return raw;
}

function readChunks(buffer: Buffer): PngInfo {
  if (buffer.length < 8 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw corrupt("its signature is wrong");
  let ihdr: Omit<PngInfo, "paletteSize" | "idat"> | undefined;
  let palette: Uint8Array | undefined;
  let paletteSize = 0;
  let transparent: number[] | undefined;
  const idat: Buffer[] = [];
  let idatDone = false;
  let offset = 8;
  for (;;) {
    if (offset === buffer.length) break; // no IEND: tolerated once the image data is complete (checked by inflate)
    if (offset + 12 > buffer.length) throw corrupt(`a chunk header at byte ${offset} is truncated`);
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString("latin1", offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (length > 0x7fffffff || end + 4 > buffer.length) throw corrupt(`its ${printable(type)} chunk runs past the end of the file`);
    const data = buffer.subarray(offset + 8, end);
    const critical = (type.charCodeAt(0) & 0x20) === 0;
    if (critical && crc32(buffer.subarray(offset + 4, end)) !== buffer.readUInt32BE(end)) {
      throw corrupt(`its ${printable(type)} chunk fails its CRC check`);
    }
    if (offset === 8 && type !== "IHDR") throw corrupt("its first chunk is not IHDR");
    if (type === "IHDR") {
      if (ihdr) throw corrupt("it has two IHDR chunks");
      ihdr = parseIhdr(data);
    } else if (type === "PLTE") {
      if (length % 3 !== 0 || length === 0 || length > 768) throw corrupt(`its palette has an invalid length ${length}`);
      if (idat.length > 0) throw corrupt("its palette comes after the image data");
      paletteSize = length / 3;
      palette = new Uint8Array(256 * 4);
      for (let i = 0; i < paletteSize; i++) {
        palette[i * 4] = data[i * 3];
        palette[i * 4 + 1] = data[i * 3 + 1];
        palette[i * 4 + 2] = data[i * 3 + 2];
        palette[i * 4 + 3] = 255;
      }
    } else if (type === "tRNS" && ihdr) {
      transparent = parseTrns(data, ihdr.colourType, palette, paletteSize) ?? transparent;
    } else if (type === "IDAT") {
      if (idatDone) throw corrupt("its image data (IDAT) chunks are not consecutive");
      idat.push(data);
    } else if (type === "IEND") {
      break;
    } else if (critical) {
      throw corrupt(`it has an unknown critical chunk ${printable(type)}`);
    }
    if (type !== "IDAT" && idat.length > 0) idatDone = true;
    offset = end + 4;
  }
  if (!ihdr) throw corrupt("it has no IHDR chunk");
  if (ihdr.colourType === 3 && !palette) throw corrupt("it is palette-based but has no palette (PLTE)");
  return { ...ihdr, palette, paletteSize, transparent, idat: idat.length === 1 ? idat[0] : Buffer.concat(idat) };
}

function printable(type: string): string {
  return /^[A-Za-z]{4}$/.test(type) ? type : JSON.stringify(type);
}

function parseIhdr(data: Buffer): Omit<PngInfo, "paletteSize" | "idat"> {
  if (data.length !== 13) throw corrupt("its IHDR chunk has the wrong length");
  const width = data.readUInt32BE(0);
  const height = data.readUInt32BE(4);
  const depth = data[8];
  const colourType = data[9];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw corrupt(`its header gives an invalid size ${width}x${height}`);
  const type = COLOUR_TYPES.get(colourType);
  if (!type) throw corrupt(`its colour type ${colourType} does not exist`);
  if (!type.depths.includes(depth)) throw corrupt(`bit depth ${depth} is not allowed for colour type ${colourType}`);
  if (data[10] !== 0 || data[11] !== 0) throw corrupt("its compression or filter method is unknown");
  if (data[12] > 1) throw corrupt(`its interlace method ${data[12]} is unknown`);
  return { width, height, depth, colourType, channels: type.channels, interlaced: data[12] === 1 };
}

/** tRNS: palette alphas (type 3) or one colour key (types 0 and 2); ignored for types with alpha, as libpng does. */
function parseTrns(data: Buffer, colourType: number, palette: Uint8Array | undefined, paletteSize: number): number[] | undefined {
  if (colourType === 3) {
    if (!palette) throw corrupt("its transparency (tRNS) comes before its palette");
    if (data.length > paletteSize) throw corrupt("its transparency (tRNS) has more entries than its palette");
    for (let i = 0; i < data.length; i++) palette[i * 4 + 3] = data[i];
    return undefined;
  }
  if (colourType === 0 && data.length === 2) return [data.readUInt16BE(0)];
  if (colourType === 2 && data.length === 6) return [data.readUInt16BE(0), data.readUInt16BE(2), data.readUInt16BE(4)];
  if (colourType === 0 || colourType === 2) throw corrupt("its transparency (tRNS) chunk has the wrong length");
  return undefined;
}

function passesOf(info: PngInfo): Pass[] {
  const bitsPerPixel = info.channels * info.depth;
  return (info.interlaced ? ADAM7 : WHOLE)
    .map(([x0, y0, dx, dy]) => {
      const width = info.width > x0 ? Math.ceil((info.width - x0) / dx) : 0;
      const rows = info.height > y0 ? Math.ceil((info.height - y0) / dy) : 0;
      return { x0, y0, dx, dy, width, rows: width === 0 ? 0 : rows, stride: Math.ceil((width * bitsPerPixel) / 8) };
    })
    .filter((pass) => pass.rows > 0);
}

/** Reverses the row filters of one pass in place and writes its pixels; returns the offset after it. */
function unfilterPass(raw: Buffer, start: number, pass: Pass, info: PngInfo, out: Buffer, deadline: DecodeDeadline): number {
  const bpp = Math.max(1, (info.channels * info.depth) >> 3);
  const { stride } = pass;
  let offset = start;
  let prev = -1;
  for (let row = 0; row < pass.rows; row++) {
    if ((row & 63) === 0) deadline.check("png");
    const filter = raw[offset];
    const line = offset + 1;
    unfilterRow(raw, filter, line, prev, stride, bpp, row);
    writeRow(raw, line, pass, pass.y0 + row * pass.dy, info, out);
    prev = line;
    offset = line + stride;
  }
  return offset;
}

function unfilterRow(raw: Buffer, filter: number, line: number, prev: number, stride: number, bpp: number, row: number): void {
  const end = line + stride;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = line + bpp; i < end; i++) raw[i] = (raw[i] + raw[i - bpp]) & 255;
      return;
    case 2:
      if (prev < 0) return;
      for (let i = line, p = prev; i < end; i++, p++) raw[i] = (raw[i] + raw[p]) & 255;
      return;
    case 3:
      if (prev < 0) {
        for (let i = line + bpp; i < end; i++) raw[i] = (raw[i] + (raw[i - bpp] >> 1)) & 255;
        return;
      }
      for (let i = line, p = prev; i < line + bpp; i++, p++) raw[i] = (raw[i] + (raw[p] >> 1)) & 255;
      for (let i = line + bpp, p = prev + bpp; i < end; i++, p++) raw[i] = (raw[i] + ((raw[i - bpp] + raw[p]) >> 1)) & 255;
      return;
    case 4:
      if (prev < 0) {
        for (let i = line + bpp; i < end; i++) raw[i] = (raw[i] + raw[i - bpp]) & 255; // Paeth with no row above is Sub
        return;
      }
      for (let i = line, p = prev; i < line + bpp; i++, p++) raw[i] = (raw[i] + raw[p]) & 255;
      for (let i = line + bpp, p = prev + bpp; i < end; i++, p++) {
        const a = raw[i - bpp];
        const b = raw[p];
        const c = raw[p - bpp];
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - c - c);
        raw[i] = (raw[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
      return;
    default:
      throw corrupt(`row ${row} has an unknown filter type ${filter}`);
  }
}

/** Converts one unfiltered row to RGBA8 at its place in the image. 16-bit samples keep their high byte. */
function writeRow(raw: Buffer, line: number, pass: Pass, y: number, info: PngInfo, out: Buffer): void {
  const { depth, colourType, width: imageWidth } = info;
  const rowStart = (y * imageWidth + pass.x0) * 4;
  const step = pass.dx * 4;
  const n = pass.width;
  const key = info.transparent;
  if (depth === 8 && colourType === 6 && pass.dx === 1 && !key) {
    raw.copy(out, rowStart, line, line + n * 4);
    return;
  }
  if (depth === 8 && colourType === 2 && !key) {
    for (let i = 0, s = line, o = rowStart; i < n; i++, s += 3, o += step) {
      out[o] = raw[s];
      out[o + 1] = raw[s + 1];
      out[o + 2] = raw[s + 2];
      out[o + 3] = 255;
    }
    return;
  }
  const sample = sampleReader(raw, line, depth);
  const channels = info.channels;
  const scale = depth < 8 ? 255 / ((1 << depth) - 1) : 1;
  for (let i = 0, o = rowStart; i < n; i++, o += step) {
    const base = i * channels;
    switch (colourType) {
      case 0: {
        const v = sample(base);
        const g = depth === 16 ? v >> 8 : Math.round(v * scale);
        out[o] = out[o + 1] = out[o + 2] = g;
        out[o + 3] = key && v === key[0] ? 0 : 255;
        break;
      }
      case 2: {
        const r = sample(base);
        const g = sample(base + 1);
        const b = sample(base + 2);
        const shift = depth === 16 ? 8 : 0;
        out[o] = r >> shift;
        out[o + 1] = g >> shift;
        out[o + 2] = b >> shift;
        out[o + 3] = key && r === key[0] && g === key[1] && b === key[2] ? 0 : 255;
        break;
      }
      case 3: {
        const index = sample(base);
        if (index >= info.paletteSize) throw corrupt(`a pixel uses palette entry ${index}, but the palette has ${info.paletteSize}`);
        const p = index * 4;
        const palette = info.palette!;
        out[o] = palette[p];
        out[o + 1] = palette[p + 1];
        out[o + 2] = palette[p + 2];
        out[o + 3] = palette[p + 3];
        break;
      }
      case 4: {
        const shift = depth === 16 ? 8 : 0;
        out[o] = out[o + 1] = out[o + 2] = sample(base) >> shift;
        out[o + 3] = sample(base + 1) >> shift;
        break;
      }
      default: {
        const shift = depth === 16 ? 8 : 0;
        out[o] = sample(base) >> shift;
        out[o + 1] = sample(base + 1) >> shift;
        out[o + 2] = sample(base + 2) >> shift;
        out[o + 3] = sample(base + 3) >> shift;
      }
    }
  }
}

/** Reads the k-th sample of a row at any bit depth (samples below 8 bits are packed MSB first). */
function sampleReader(raw: Buffer, line: number, depth: number): (k: number) => number {
  if (depth === 8) return (k) => raw[line + k];
  if (depth === 16) return (k) => (raw[line + 2 * k] << 8) | raw[line + 2 * k + 1];
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  return (k) => (raw[line + Math.floor(k / perByte)] >> (8 - depth * ((k % perByte) + 1))) & mask;
}
