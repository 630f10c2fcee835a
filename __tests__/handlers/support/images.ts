/** Test helpers that look at images with sharp (libvips), independently of the handler's code. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

export const FIXTURES = join(__dirname, "..", "..", "fixtures", "images");
export const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

export type Rgb = readonly [number, number, number];
export const RED: Rgb = [255, 0, 0];
export const GREEN: Rgb = [0, 255, 0];
export const BLUE: Rgb = [0, 0, 255];
export const WHITE: Rgb = [255, 255, 255];

export interface Decoded {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly format: string;
  pixel(x: number, y: number): number[];
}

/** Decodes an output with sharp, ignoring any EXIF orientation (outputs must not need it). */
export async function inspect(data: Buffer): Promise<Decoded> {
  const image = sharp(data);
  const meta = await image.metadata();
  const { data: raw, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    format: meta.format,
    pixel: (x, y) => Array.from(raw.subarray((y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels)),
  };
}

export function near(actual: readonly number[], expected: Rgb, tolerance = 48): boolean {
  return expected.every((v, i) => Math.abs(actual[i] - v) <= tolerance);
}

/** The four quadrant colours, sampled at each quadrant's centre, top-left first. */
export function quadrants(image: Decoded): number[][] {
  const [qx, qy] = [Math.floor(image.width / 4), Math.floor(image.height / 4)];
  return [image.pixel(qx, qy), image.pixel(image.width - 1 - qx, qy), image.pixel(qx, image.height - 1 - qy), image.pixel(image.width - 1 - qx, image.height - 1 - qy)].map((p) =>
    p.slice(0, 3),
  );
}

/** True if the image shows the fixtures' pattern upright: red, green / blue, white. */
export function isUpright(image: Decoded): boolean {
  const [tl, tr, bl, br] = quadrants(image);
  return near(tl, RED) && near(tr, GREEN) && near(bl, BLUE) && near(br, WHITE);
}

/** The JPEG marker segments before the scan, e.g. ["APP0", "DQT", "SOF0", ...]. */
export function jpegSegments(data: Buffer): string[] {
  const names: string[] = [];
  let offset = 2;
  while (offset + 4 <= data.length && data[offset] === 0xff) {
    const marker = data[offset + 1];
    const name =
      marker >= 0xe0 && marker <= 0xef ? `APP${marker - 0xe0}` : marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 ? `SOF${marker - 0xc0}` : `0x${marker.toString(16)}`;
    names.push(name);
    if (marker === 0xda) break;
    offset += 2 + data.readUInt16BE(offset + 2);
  }
  return names;
}

/** The chunk types of a PNG, in order. */
export function pngChunks(data: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 8; offset + 8 <= data.length;) {
    const length = data.readUInt32BE(offset);
    types.push(data.toString("latin1", offset + 4, offset + 8));
    offset += 12 + length;
  }
  return types;
}

/** A real JPEG of any size: a gradient (not trivially compressible), encoded by sharp (fast). */
export async function makeJpeg(width: number, height: number, quality = 90): Promise<Buffer> {
  return sharp(gradient(width, height, 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

/** A real PNG; `alpha` below 255 makes every pixel that translucent. */
export async function makePng(width: number, height: number, alpha = 255): Promise<Buffer> {
  const channels = alpha === 255 ? 3 : 4;
  const data = gradient(width, height, channels);
  if (channels === 4) for (let i = 3; i < data.length; i += 4) data[i] = alpha;
  return sharp(data, { raw: { width, height, channels } }).png().toBuffer();
}

function gradient(width: number, height: number, channels: 3 | 4): Buffer {
  const data = Buffer.alloc(width * height * channels, 255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data[i] = Math.round((x * 255) / Math.max(1, width - 1));
      data[i + 1] = Math.round((y * 255) / Math.max(1, height - 1));
      data[i + 2] = 128;
    }
  }
  return data;
}

/** A PNG whose IHDR claims `width` x `height` (with a valid CRC) and no pixel data. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IEND", Buffer.alloc(0))]);
}

/** A PNG with the given IHDR fields and IDAT payload (already deflated), CRCs valid. */
export function pngWithIdat(width: number, height: number, idat: Buffer, interlace: 0 | 1): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, interlace], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

/** A little-endian, 8-bit grey, single-strip TIFF whose strip is `strip`, compressed as `compression`. */
export function tiffWithStrip(width: number, height: number, strip: Buffer, compression: number): Buffer {
  const tags: Array<[number, number, number]> = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 8],
    [259, 3, compression],
    [262, 3, 1],
    [273, 4, 0], // patched below
    [277, 3, 1],
    [278, 4, height],
    [279, 4, strip.length],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataOffset = 8 + ifdSize;
  const out = Buffer.alloc(dataOffset + strip.length);
  out.write("II*\u0000", 0, "latin1");
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const entry = 10 + i * 12;
    out.writeUInt16LE(tag, entry);
    out.writeUInt16LE(type, entry + 2);
    out.writeUInt32LE(1, entry + 4);
    if (type === 3) out.writeUInt16LE(value, entry + 8);
    else out.writeUInt32LE(tag === 273 ? dataOffset : value, entry + 8);
  });
  strip.copy(out, dataOffset);
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** SOI + a baseline SOF0 claiming `width` x `height` (3 components) + a bit of padding. */
export function jpegSofOnly(width: number, height: number, sof = 0xc0): Buffer {
  const sofSegment = Buffer.from([0xff, sof, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sofSegment, Buffer.alloc(64)]);
}

/** A PNG chunk with a valid CRC, for hand-built files. */
export function pngChunk(type: string, data: Buffer): Buffer {
  return chunk(type, data);
}

/** A PNG from raw IHDR fields and an already deflated IDAT payload. */
export function pngFile(ihdr: { width: number; height: number; depth: number; colourType: number; interlace?: 0 | 1 }, idat: Buffer, extra: Buffer[] = []): Buffer {
  const head = Buffer.alloc(13);
  head.writeUInt32BE(ihdr.width, 0);
  head.writeUInt32BE(ihdr.height, 4);
  head.set([ihdr.depth, ihdr.colourType, 0, 0, ihdr.interlace ?? 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", head), ...extra, chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

/**
 * Packs TIFF LZW codes MSB first, widening the code one entry early as TIFF does; the caller
 * gives the codes (Clear = 256, End = 257), so broken streams can be written on purpose.
 */
export function packLzw(codes: readonly number[]): Buffer {
  const bits: number[] = [];
  let width = 9;
  let next = 258;
  let afterClear = true;
  for (const code of codes) {
    for (let b = width - 1; b >= 0; b--) bits.push((code >> b) & 1);
    if (code === 256) {
      width = 9;
      next = 258;
      afterClear = true;
    } else if (code !== 257) {
      if (!afterClear) {
        next++;
        if (next + 1 === 1 << width && width < 12) width++;
      }
      afterClear = false;
    }
  }
  const out = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, i) => (out[i >> 3] |= bit << (7 - (i & 7))));
  return out;
}

/** A BMP with a 40-byte BITMAPINFOHEADER (or a larger one with masks inside it). */
export function bmpFile(options: {
  width: number;
  height: number;
  bpp: number;
  compression?: number;
  palette?: readonly (readonly [number, number, number])[];
  masks?: readonly number[];
  dibSize?: 40 | 56 | 124;
  data: Buffer;
}): Buffer {
  const dibSize = options.dibSize ?? 40;
  const masks = options.masks ?? [];
  const maskBytes = dibSize === 40 ? masks.length * 4 : 0;
  const palette = options.palette ?? [];
  const dataOffset = 14 + dibSize + maskBytes + palette.length * 4;
  const out = Buffer.alloc(dataOffset + options.data.length);
  out.write("BM", 0, "latin1");
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(dataOffset, 10);
  out.writeUInt32LE(dibSize, 14);
  out.writeInt32LE(options.width, 18);
  out.writeInt32LE(options.height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(options.bpp, 28);
  out.writeUInt32LE(options.compression ?? 0, 30);
  out.writeUInt32LE(options.data.length, 34);
  out.writeUInt32LE(palette.length, 46);
  masks.forEach((mask, i) => out.writeUInt32LE(mask >>> 0, 54 + i * 4));
  palette.forEach(([r, g, b], i) => out.set([b, g, r, 0], 14 + dibSize + maskBytes + i * 4));
  options.data.copy(out, dataOffset);
  return out;
}
