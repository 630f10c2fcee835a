import { inflateSync } from "node:zlib";
import { ImageRejection } from "./errors";
import { readHeader, readTiffPages, type ImageHeader, type TiffTags } from "./header";

/**
 * Bombs hidden behind an honest header, in formats whose decoders would allocate without a limit:
 *  - zip bombs in interlaced PNG (pngjs caps only non-interlaced data) and Deflate TIFF (utif2):
 *    a few hundred KB of deflate expand to gigabytes and kill the Lambda before any error
 *    handling runs. The data is inflated here first with a cap from the header's dimensions.
 *  - JPEG-in-TIFF: utif2 decodes each strip's embedded JPEG at the size its own SOF claims, so
 *    a 16x16 page can carry a 65500x65500 JPEG. Those SOFs count against the pixel limit.
 *  - GIF: omggif allocates and walks the first frame at the size its image descriptor claims,
 *    which may be far larger than the logical screen the header check saw.
 * Costs one extra inflate or a header scan, only in those cases.
 */
export function checkDecompressionBombs(buffer: Buffer, header: ImageHeader, maxPixels: number): void {
  if (header.format === "png" && isInterlacedPng(buffer)) checkPng(buffer, header);
  else if (header.format === "tiff") checkTiff(buffer, maxPixels);
  else if (header.format === "gif") checkGifFrame(buffer, maxPixels);
}

/** Finds the first image descriptor (the frame jimp decodes) and checks its size. */
function checkGifFrame(buffer: Buffer, maxPixels: number): void {
  const flags = buffer.readUInt8(10);
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0); // after the global colour table
  while (offset < buffer.length) {
    const block = buffer.readUInt8(offset);
    if (block === 0x2c) {
      if (offset + 10 > buffer.length) break;
      const width = buffer.readUInt16LE(offset + 5);
      const height = buffer.readUInt16LE(offset + 7);
      if (width * height > maxPixels) {
        throw new ImageRejection("TooManyPixels", `The GIF's first frame is ${width}x${height} (${width * height} pixels), over the limit of ${maxPixels} pixels.`);
      }
      return;
    }
    if (block !== 0x21 || offset + 2 >= buffer.length) break; // not an extension: no frame follows
    offset += 2; // introducer and label, then data sub-blocks up to a zero length
    while (offset < buffer.length && buffer.readUInt8(offset) !== 0) offset += 1 + buffer.readUInt8(offset);
    offset += 1;
  }
  throw new ImageRejection("Corrupt", "The GIF file is damaged: it has no image frame.");
}

/** At most 64 bits per pixel (16-bit RGBA), plus a filter byte per row and pass, with slack. */
function pixelBound(width: number, height: number): number {
  return width * height * 8 + height * 8 + 1024;
}

function bomb(format: string, limit: number): ImageRejection {
  return new ImageRejection("TooManyPixels", `The ${format} file's compressed data expands to more than the ${limit} bytes its dimensions allow (a decompression bomb).`);
}

function inflateCapped(data: Buffer, limit: number, format: string): number {
  try {
    return inflateSync(data, { maxOutputLength: limit }).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw bomb(format, limit);
    throw new ImageRejection("Corrupt", `The ${format} file is damaged: its compressed data does not inflate (${(error as Error).message}).`);
  }
}

function isInterlacedPng(buffer: Buffer): boolean {
  return buffer.length > 28 && buffer.readUInt8(28) === 1;
}

function checkPng(buffer: Buffer, header: ImageHeader): void {
  const idat: Buffer[] = [];
  for (let offset = 8; offset + 12 <= buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    if (buffer.toString("latin1", offset + 4, offset + 8) === "IDAT") idat.push(buffer.subarray(offset + 8, Math.min(buffer.length, offset + 8 + length)));
    offset += 12 + length;
  }
  inflateCapped(Buffer.concat(idat), pixelBound(header.width, header.height), "PNG");
}

const DEFLATE = new Set([8, 32946]);
const OLD_JPEG = 6;
const JPEG = 7;

function checkTiff(buffer: Buffer, maxPixels: number): void {
  let embeddedPixels = 0;
  for (const tags of readTiffPages(buffer)) {
    const compression = tags.get(259)?.[0] ?? 1;
    if (compression === OLD_JPEG) {
      throw new ImageRejection("UnsupportedFormat", "The TIFF uses old-style JPEG compression (6), which is deprecated and not supported; re-save it with LZW, Deflate or new-style JPEG.");
    }
    if (DEFLATE.has(compression)) {
      let budget = pixelBound(tags.get(256)?.[0] ?? 0, tags.get(257)?.[0] ?? 0);
      for (const strip of strips(buffer, tags)) budget -= inflateCapped(strip, Math.max(1, budget), "TIFF");
    } else if (compression === JPEG) {
      for (const strip of strips(buffer, tags)) {
        const embedded = readHeader(strip, "jpeg");
        embeddedPixels += embedded.width * embedded.height;
        if (embeddedPixels > maxPixels) {
          throw new ImageRejection("TooManyPixels", `The TIFF's embedded JPEG data claims ${embeddedPixels} pixels or more, over the limit of ${maxPixels} pixels.`);
        }
      }
    }
  }
}

/** The compressed strips (or tiles) of one page. */
function strips(buffer: Buffer, tags: TiffTags): Buffer[] {
  const offsets = tags.get(273) ?? tags.get(324) ?? [];
  const counts = tags.get(279) ?? tags.get(325) ?? [];
  return offsets.map((offset, i) => buffer.subarray(offset, offset + (counts.at(i) ?? 0)));
}
