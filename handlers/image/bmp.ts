/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import type { Bitmap } from "./bitmap";
import { DecodeDeadline, type DecoderOptions } from "./deadline";
import { ImageRejection } from "./errors";

/**
 * BMP to RGBA8: BI_RGB at 1/4/8/16/24/32 bits, BI_BITFIELDS and BI_ALPHABITFIELDS at 16/32 bits
 * (an alpha mask is honoured, so transparent pixels stay transparent), RLE8 and RLE4. It follows
 * Pillow, the reference decoder of the conformance suite: a 32-bit BI_RGB file is opaque (its
 * fourth byte is padding), pixels an RLE stream skips take palette entry 0. Everything else
 * that does not add up (short pixel data, an RLE run past its row, a palette index past the
 * palette, an RLE stream without its end marker) is `Corrupt`: no pixel is made up.
 *
 * Why our own and not bmp-ts (through @jimp/js-bmp): that path forces every alpha to 255 and
 * decodes RLE8 with wrong colours; see docs/image-formats.md.
 */

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

interface Channel {
  readonly mask: number;
  readonly shift: number;
  readonly max: number;
}

interface BmpInfo {
  readonly width: number;
  readonly height: number;
  readonly topDown: boolean;
  readonly bpp: number;
  readonly compression: number;
  readonly dataOffset: number;
  /** RGBA palette entries (alpha 255). */
  readonly palette: Uint8Array;
  readonly paletteSize: number;
  readonly masks?: readonly [Channel, Channel, Channel, Channel | undefined];
}

function corrupt(detail: string): ImageRejection {
  return new ImageRejection("Corrupt", `The BMP file is damaged: ${detail}.`);
}

export function decodeBmp(buffer: Buffer, options: DecoderOptions = {}): Bitmap {
  const deadline = options.deadline ?? DecodeDeadline.none();
  const info = readInfo(buffer);
  const out = Buffer.alloc(info.width * info.height * 4);
  if (info.compression === BI_RLE8 || info.compression === BI_RLE4) decodeRle(buffer, info, out, deadline);
  else decodeRows(buffer, info, out, deadline);
  return { data: out, width: info.width, height: info.height };
}

function readInfo(buffer: Buffer): BmpInfo {
  if (buffer.length < 26) throw corrupt("it ends inside its header");
  const dataOffset = buffer.readUInt32LE(10);
  const dibSize = buffer.readUInt32LE(14);
  if (14 + dibSize > buffer.length) throw corrupt("it ends inside its header");
  const core = dibSize === 12;
  if (!core && dibSize < 40) throw corrupt(`its header size ${dibSize} is not one BMP defines`);
  const width = core ? buffer.readUInt16LE(18) : buffer.readInt32LE(18);
  const rawHeight = core ? buffer.readUInt16LE(20) : buffer.readInt32LE(22);
  const bpp = core ? buffer.readUInt16LE(24) : buffer.readUInt16LE(28);
  const compression = core ? BI_RGB : buffer.readUInt32LE(30);
  const colours = core ? 0 : buffer.readUInt32LE(46);
  if (width < 1 || rawHeight === 0 || rawHeight === -0x80000000) throw corrupt(`its header gives an invalid size ${width}x${rawHeight}`);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);

  const allowed: Record<number, readonly number[]> = {
    [BI_RGB]: [1, 4, 8, 16, 24, 32],
    [BI_RLE8]: [8],
    [BI_RLE4]: [4],
    [BI_BITFIELDS]: [16, 32],
    [BI_ALPHABITFIELDS]: [16, 32],
  };
  const depths = allowed[compression];
  if (!depths) {
    throw new ImageRejection(
      "UnsupportedFormat",
      `The BMP uses compression ${compression} (embedded JPEG/PNG or CMYK), which is not supported; re-save it as an uncompressed BMP or a PNG.`,
    );
  }
  if (!depths.includes(bpp)) throw corrupt(`${bpp} bits per pixel is not valid with compression ${compression}`);
  if (topDown && (compression === BI_RLE8 || compression === BI_RLE4)) throw corrupt("an RLE bitmap cannot be stored top-down");

  let masks: BmpInfo["masks"];
  let paletteStart = 14 + dibSize;
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    // Masks sit in the header from V2 (52 bytes) on; after a 40-byte header they follow it.
    const withAlpha = compression === BI_ALPHABITFIELDS || dibSize >= 56;
    const maskAt = 54;
    const count = withAlpha ? 4 : 3;
    if (dibSize === 40) paletteStart += count * 4;
    if (maskAt + count * 4 > buffer.length) throw corrupt("it ends inside its colour masks");
    const channel = (i: number) => channelOf(buffer.readUInt32LE(maskAt + i * 4), bpp);
    const alpha = withAlpha ? buffer.readUInt32LE(maskAt + 12) : 0;
    masks = [channel(0), channel(1), channel(2), alpha !== 0 ? channelOf(alpha, bpp) : undefined];
  } else if (bpp === 16) {
    masks = [channelOf(0x7c00, 16), channelOf(0x03e0, 16), channelOf(0x001f, 16), undefined];
  }

  const palette = new Uint8Array(256 * 4);
  let paletteSize = 0;
  if (bpp <= 8) {
    const most = 1 << bpp;
    paletteSize = colours === 0 ? most : colours;
    if (paletteSize > most) throw corrupt(`its palette has ${colours} entries, more than ${bpp} bits can index`);
    const entry = core ? 3 : 4;
    if (paletteStart + paletteSize * entry > buffer.length) throw corrupt("it ends inside its palette");
    for (let i = 0; i < paletteSize; i++) {
      const at = paletteStart + i * entry;
      palette[i * 4] = buffer[at + 2];
      palette[i * 4 + 1] = buffer[at + 1];
      palette[i * 4 + 2] = buffer[at];
      palette[i * 4 + 3] = 255;
    }
  }
  if (dataOffset >= buffer.length) throw corrupt("its pixel data offset points past the end of the file");
  return { width, height, topDown, bpp, compression, dataOffset, palette, paletteSize, masks };
}

/** A colour mask must be one run of set bits inside the pixel. */
function channelOf(mask: number, bpp: number): Channel {
  const m = mask >>> 0;
  if (bpp < 32 && m >>> bpp !== 0) throw corrupt(`a colour mask 0x${m.toString(16)} reaches past ${bpp} bits`);
  if (m === 0) return { mask: 0, shift: 0, max: 1 };
  let shift = 0;
  while (((m >>> shift) & 1) === 0) shift++;
  const max = m >>> shift;
  if ((max & (max + 1)) !== 0) throw corrupt(`a colour mask 0x${m.toString(16)} is not one run of bits`);
  return { mask: m, shift, max };
}

function rowOf(info: BmpInfo, stored: number): number {
  return info.topDown ? stored : info.height - 1 - stored;
}

function decodeRows(buffer: Buffer, info: BmpInfo, out: Buffer, deadline: DecodeDeadline): void {
  const { width, height, bpp, palette, paletteSize, masks } = info;
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (info.dataOffset + stride * height > buffer.length) {
    throw corrupt(`its pixel data is ${buffer.length - info.dataOffset} bytes, but ${width}x${height} at ${bpp} bits needs ${stride * height}`);
  }
  for (let r = 0; r < height; r++) {
    if ((r & 63) === 0) deadline.check("bmp");
    const src = info.dataOffset + r * stride;
    let o = rowOf(info, r) * width * 4;
    if (bpp <= 8) {
      const perByte = 8 / bpp;
      const mask = (1 << bpp) - 1;
      for (let x = 0; x < width; x++, o += 4) {
        const index = (buffer[src + Math.floor(x / perByte)] >> (8 - bpp * ((x % perByte) + 1))) & mask;
        paletteColour(palette, paletteSize, index, out, o);
      }
    } else if (bpp === 24 || (bpp === 32 && !masks)) {
      const step = bpp >> 3;
      for (let x = 0, s = src; x < width; x++, s += step, o += 4) {
        out[o] = buffer[s + 2];
        out[o + 1] = buffer[s + 1];
        out[o + 2] = buffer[s];
        out[o + 3] = 255;
      }
    } else {
      const [red, green, blue, alpha] = masks!;
      for (let x = 0; x < width; x++, o += 4) {
        const pixel = bpp === 16 ? buffer.readUInt16LE(src + x * 2) : buffer.readUInt32LE(src + x * 4);
        out[o] = level(pixel, red);
        out[o + 1] = level(pixel, green);
        out[o + 2] = level(pixel, blue);
        out[o + 3] = alpha ? level(pixel, alpha) : 255;
      }
    }
  }
}

/** A masked channel scaled to 0-255 (floor, as Pillow's unpackers do). */
function level(pixel: number, channel: Channel): number {
  if (channel.mask === 0) return 0;
  return Math.floor((((pixel & channel.mask) >>> channel.shift) * 255) / channel.max);
}

function paletteColour(palette: Uint8Array, paletteSize: number, index: number, out: Buffer, o: number): void {
  if (index >= paletteSize) throw corrupt(`a pixel uses palette entry ${index}, but the palette has ${paletteSize}`);
  const p = index * 4;
  out[o] = palette[p];
  out[o + 1] = palette[p + 1];
  out[o + 2] = palette[p + 2];
  out[o + 3] = 255;
}

/**
 * RLE8/RLE4: runs and absolute blocks of palette indices, with end-of-line, end-of-bitmap and
 * delta escapes. Every pixel starts as palette entry 0 (what a skipped pixel shows); a stream
 * that ends without its end-of-bitmap marker, or writes outside the image, is refused.
 */
function decodeRle(buffer: Buffer, info: BmpInfo, out: Buffer, deadline: DecodeDeadline): void {
  const { width, height, palette, paletteSize } = info;
  const four = info.compression === BI_RLE4;
  for (let o = 0; o < out.length; o += 4) paletteColour(palette, paletteSize, 0, out, o);
  const put = (x: number, y: number, index: number) => {
    if (x >= width || y >= height) throw corrupt(`its RLE data writes outside the ${width}x${height} image`);
    paletteColour(palette, paletteSize, index, out, (rowOf(info, y) * width + x) * 4);
  };
  let x = 0;
  let y = 0;
  let p = info.dataOffset;
  for (;;) {
    if (p + 2 > buffer.length) throw corrupt("its RLE data ends without an end-of-bitmap marker (truncated)");
    const count = buffer[p];
    const value = buffer[p + 1];
    p += 2;
    if (count > 0) {
      for (let i = 0; i < count; i++) put(x++, y, four ? (i & 1 ? value & 15 : value >> 4) : value);
      continue;
    }
    if (value === 0) {
      x = 0;
      y++;
      if ((y & 63) === 0) deadline.check("bmp");
    } else if (value === 1) {
      return;
    } else if (value === 2) {
      if (p + 2 > buffer.length) throw corrupt("its RLE data ends inside a delta (truncated)");
      x += buffer[p];
      y += buffer[p + 1];
      p += 2;
      if (y > height || (y === height && x > 0)) throw corrupt(`its RLE data moves outside the ${width}x${height} image`);
    } else {
      const bytes = four ? Math.ceil(value / 2) : value;
      if (p + bytes > buffer.length) throw corrupt("its RLE data ends inside an absolute run (truncated)");
      for (let i = 0; i < value; i++) put(x++, y, four ? (i & 1 ? buffer[p + (i >> 1)] & 15 : buffer[p + (i >> 1)] >> 4) : buffer[p + i]);
      p += bytes + (bytes & 1); // absolute runs are padded to 16 bits
    }
  }
}
