import { ImageRejection } from "./errors";
import type { ImageFormat } from "./formats";

/** What the header says, read without decoding a single pixel. */
export interface ImageHeader {
  readonly format: ImageFormat;
  /** Stored width and height, before EXIF orientation. */
  readonly width: number;
  readonly height: number;
  /**
   * Pixels the decoder will allocate in total: equals width x height except for multi-page
   * TIFF, where jimp decodes every page.
   */
  readonly totalPixels: number;
  /** EXIF orientation 1-8 (1 when absent or unreadable). Read from JPEG APP1 only, as jimp does. */
  readonly orientation: number;
  /** JPEG only: the coding and each component's sampling factors (for the memory estimate). */
  readonly jpeg?: { readonly progressive: boolean; readonly sampling: readonly { readonly h: number; readonly v: number }[] };
}

const MAX_TIFF_PAGES = 64;

function corrupt(format: string, detail: string): ImageRejection {
  return new ImageRejection("Corrupt", `The ${format} file is damaged: ${detail}.`);
}

function checkDimensions(format: string, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw corrupt(format, `its header gives an invalid size ${width}x${height}`);
  }
}

/** Reads the dimensions (and orientation) from the header so limits apply before any decode. */
export function readHeader(buffer: Buffer, format: ImageFormat): ImageHeader {
  switch (format) {
    case "jpeg":
      return readJpeg(buffer);
    case "png":
      return simple(format, readPng(buffer));
    case "gif":
      return simple(format, readGif(buffer));
    case "bmp":
      return simple(format, readBmp(buffer));
    case "tiff":
      return readTiff(buffer);
  }
}

function simple(format: ImageFormat, size: { width: number; height: number }): ImageHeader {
  return { format, ...size, totalPixels: size.width * size.height, orientation: 1 };
}

function readPng(buffer: Buffer): { width: number; height: number } {
  // Signature (8) + IHDR length (4) + "IHDR" (4) + 13 bytes of data; IHDR must come first.
  if (buffer.length < 8 + 8 + 13) throw corrupt("PNG", "it ends inside its header");
  if (buffer.toString("latin1", 12, 16) !== "IHDR" || buffer.readUInt32BE(8) !== 13) {
    throw corrupt("PNG", "its first chunk is not a valid IHDR");
  }
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  checkDimensions("PNG", width, height);
  return { width, height };
}

function readGif(buffer: Buffer): { width: number; height: number } {
  if (buffer.length < 13) throw corrupt("GIF", "it ends inside its header");
  const width = buffer.readUInt16LE(6);
  const height = buffer.readUInt16LE(8);
  checkDimensions("GIF", width, height);
  return { width, height };
}

function readBmp(buffer: Buffer): { width: number; height: number } {
  const dibSize = buffer.readUInt32LE(14);
  if (dibSize === 12) {
    if (buffer.length < 22) throw corrupt("BMP", "it ends inside its header");
    const width = buffer.readUInt16LE(18);
    const height = buffer.readUInt16LE(20);
    checkDimensions("BMP", width, height);
    return { width, height };
  }
  if (buffer.length < 26) throw corrupt("BMP", "it ends inside its header");
  const width = buffer.readInt32LE(18);
  // A negative height means rows are stored top-down; the size is its absolute value.
  const height = Math.abs(buffer.readInt32LE(22));
  checkDimensions("BMP", width, height);
  return { width, height };
}

/** JPEG SOF markers whose coding jpeg-js decodes: baseline, extended sequential, progressive. */
const DECODABLE_SOF = new Set([0xc0, 0xc1, 0xc2]);

function isSof(marker: number): boolean {
  // C4 (DHT), C8 (JPG extension) and CC (DAC) share the range but are not frame headers.
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpeg(buffer: Buffer): ImageHeader {
  let offset = 2;
  let orientation = 1;
  while (offset < buffer.length) {
    if (buffer.readUInt8(offset) !== 0xff) throw corrupt("JPEG", `expected a marker at byte ${offset}`);
    // Any number of 0xFF fill bytes may precede a marker.
    while (offset < buffer.length && buffer.readUInt8(offset) === 0xff) offset++;
    if (offset >= buffer.length) break;
    const marker = buffer.readUInt8(offset++);
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) throw corrupt("JPEG", "its image data starts before any frame header");
    if (offset + 2 > buffer.length) break;
    const length = buffer.readUInt16BE(offset);
    if (length < 2) throw corrupt("JPEG", `segment 0x${marker.toString(16)} has an invalid length`);
    const segmentEnd = offset + length;
    if (segmentEnd > buffer.length) break;
    if (marker === 0xe1 && orientation === 1) {
      orientation = exifOrientation(buffer.subarray(offset + 2, segmentEnd));
    }
    if (isSof(marker)) {
      if (length < 8) throw corrupt("JPEG", "its frame header is too short");
      if (!DECODABLE_SOF.has(marker)) {
        throw new ImageRejection(
          "UnsupportedFormat",
          `The JPEG uses a coding the decoder does not support (SOF${marker - 0xc0}: lossless, hierarchical or arithmetic); re-save it as a baseline or progressive JPEG.`,
        );
      }
      const height = buffer.readUInt16BE(offset + 3);
      const width = buffer.readUInt16BE(offset + 5);
      checkDimensions("JPEG", width, height);
      const count = buffer.readUInt8(offset + 7);
      if (length < 8 + 3 * count) throw corrupt("JPEG", "its frame header is too short for its components");
      const sampling = Array.from({ length: count }, (_, i) => {
        const factors = buffer.readUInt8(offset + 9 + 3 * i);
        return { h: factors >> 4, v: factors & 15 };
      });
      return { format: "jpeg", width, height, totalPixels: width * height, orientation, jpeg: { progressive: marker === 0xc2, sampling } };
    }
    offset = segmentEnd;
  }
  throw corrupt("JPEG", "it ends before its frame header");
}

/** Reads IFD0's Orientation tag from an APP1 payload; 1 if it is not a readable EXIF block. */
function exifOrientation(payload: Buffer): number {
  if (payload.length < 14 || payload.toString("latin1", 0, 6) !== "Exif\u0000\u0000") return 1;
  const tiff = payload.subarray(6);
  try {
    const reader = tiffReader(tiff);
    const value = readIfd(reader, reader.firstIfd).tags.get(274)?.[0];
    return value !== undefined && value >= 1 && value <= 8 ? value : 1;
  } catch {
    return 1; // A broken EXIF block does not make the picture unusable: ignore it.
  }
}

interface TiffReader {
  readonly buffer: Buffer;
  readonly u16: (offset: number) => number;
  readonly u32: (offset: number) => number;
  readonly firstIfd: number;
}

function tiffReader(buffer: Buffer): TiffReader {
  if (buffer.length < 8) throw new RangeError("TIFF header truncated");
  const little = buffer.toString("latin1", 0, 2) === "II";
  const u16 = (o: number) => (little ? buffer.readUInt16LE(o) : buffer.readUInt16BE(o));
  const u32 = (o: number) => (little ? buffer.readUInt32LE(o) : buffer.readUInt32BE(o));
  return { buffer, u16, u32, firstIfd: u32(4) };
}

/** TIFF tag values of type SHORT or LONG, the only ones we need (sizes, offsets, counts). */
export type TiffTags = ReadonlyMap<number, readonly number[]>;

/** Bytes per value of each TIFF field type (1 BYTE .. 13 IFD; TIFF 6.0 and the EXIF additions). */
const TIFF_TYPE_SIZES: readonly (number | undefined)[] = [undefined, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

/** Reads one IFD's SHORT/LONG tags (arrays included, bounds-checked) and the next IFD's offset. */
function readIfd(reader: TiffReader, offset: number): { tags: TiffTags; next: number } {
  const { buffer, u16, u32 } = reader;
  if (offset < 8 || offset + 2 > buffer.length) throw new RangeError("IFD offset outside the file");
  const count = u16(offset);
  const end = offset + 2 + count * 12;
  if (end + 4 > buffer.length) throw new RangeError("IFD truncated");
  const tags = new Map<number, number[]>();
  for (let entry = offset + 2; entry < end; entry += 12) {
    const type = u16(entry + 2);
    // Every tag's values must lie inside the file, whatever its type: utif2 reads each tag in
    // full, and a count of 2^31 RATIONALs is minutes of CPU and gigabytes of arrays.
    const typeSize = TIFF_TYPE_SIZES[type]; // eslint-disable-line security/detect-object-injection -- numeric type code into a fixed table
    if (typeSize === undefined) throw new RangeError(`tag ${u16(entry)} has unknown type ${type}`);
    const bytes = u32(entry + 4) * typeSize;
    if (bytes > 4 && u32(entry + 8) + bytes > buffer.length) throw new RangeError("tag values outside the file");
    if (type !== 3 && type !== 4) continue;
    const size = type === 3 ? 2 : 4;
    const values = u32(entry + 4);
    const start = values * size <= 4 ? entry + 8 : u32(entry + 8);
    if (values === 0 || start + values * size > buffer.length) throw new RangeError("tag values outside the file");
    const read = type === 3 ? u16 : u32;
    tags.set(
      u16(entry),
      Array.from({ length: values }, (_, i) => read(start + i * size)),
    );
  }
  return { tags, next: u32(end) };
}

/**
 * Every page's tags, in order. Throws `Corrupt` for a truncated or looping directory, or more
 * than MAX_TIFF_PAGES pages.
 */
export function readTiffPages(buffer: Buffer): TiffTags[] {
  const pages: TiffTags[] = [];
  try {
    const reader = tiffReader(buffer);
    const seen = new Set<number>();
    for (let offset = reader.firstIfd; offset !== 0;) {
      if (seen.has(offset) || seen.size >= MAX_TIFF_PAGES) {
        throw new ImageRejection("Corrupt", `The TIFF file is damaged or abusive: more than ${MAX_TIFF_PAGES} pages or a loop in its page list.`);
      }
      seen.add(offset);
      const { tags, next } = readIfd(reader, offset);
      pages.push(tags);
      offset = next;
    }
  } catch (error) {
    if (error instanceof ImageRejection) throw error;
    throw corrupt("TIFF", "its page directory is truncated or points outside the file");
  }
  return pages;
}

function readTiff(buffer: Buffer): ImageHeader {
  let first: { width: number; height: number } | undefined;
  let totalPixels = 0;
  for (const tags of readTiffPages(buffer)) {
    const width = tags.get(256)?.[0];
    const height = tags.get(257)?.[0];
    if (width === undefined || height === undefined) throw corrupt("TIFF", "a page has no ImageWidth/ImageLength");
    checkDimensions("TIFF", width, height);
    first ??= { width, height };
    totalPixels += width * height;
  }
  if (!first) throw corrupt("TIFF", "it has no pages");
  return { format: "tiff", ...first, totalPixels, orientation: 1 };
}
