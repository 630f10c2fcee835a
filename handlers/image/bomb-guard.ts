import { inflateSync } from "node:zlib";
import { DecodeDeadline } from "./deadline";
import { ImageRejection } from "./errors";
import { readHeader, readTiffPages, type ImageHeader, type TiffTags } from "./header";
import { checkGifLzw } from "./gif-lzw";
import { checkLzwStrip } from "./tiff-lzw";

/**
 * Bombs and traps hidden behind an honest header, in the formats jimp's decoders read (PNG and BMP
 * have decoders of our own, bounded by construction):
 *  - zip bombs in Deflate TIFF (utif2): a few hundred KB of deflate expand to gigabytes and kill
 *    the Lambda before any error handling runs. The data is inflated here first with a cap from
 *    the header's dimensions.
 *  - LZW TIFF: utif2's LZW decoder loops forever on codes that make its table point at itself.
 *    Each strip is checked here first by a strict LZW decoder that cannot loop (see tiff-lzw.ts);
 *    only code streams it accepts, which utif2 decodes in bounded time, reach utif2.
 *  - JPEG-in-TIFF: utif2 decodes each strip's embedded JPEG at the size its own SOF claims, so
 *    a 16x16 page can carry a 65500x65500 JPEG. Those SOFs count against the pixel limit.
 *  - GIF: omggif allocates and walks the first frame at the size its image descriptor claims,
 *    which may be far larger than the logical screen the header check saw; and its LZW decoder
 *    loops for ever on codes that make its table cycle (checked first by gif-lzw.ts).
 * Costs one extra inflate or a header scan, only in those cases.
 */
export function checkDecompressionBombs(buffer: Buffer, header: ImageHeader, maxPixels: number, deadline = DecodeDeadline.none()): void {
  if (header.format === "tiff") checkTiff(buffer, maxPixels, deadline);
  else if (header.format === "gif") checkGifFrame(buffer, maxPixels);
  deadline.check(header.format);
}

/** Finds the first image descriptor (the frame jimp decodes) and checks its size and LZW data. */
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
      const local = buffer.readUInt8(offset + 9);
      checkGifLzw(buffer.subarray(offset + 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0)), width * height);
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

const DEFLATE = new Set([8, 32946]);
const LZW = 5;
const OLD_JPEG = 6;
const JPEG = 7;

function checkTiff(buffer: Buffer, maxPixels: number, deadline: DecodeDeadline): void {
  let embeddedPixels = 0;
  for (const tags of readTiffPages(buffer)) {
    deadline.check("tiff");
    checkTiffSamples(tags);
    const compression = tags.get(259)?.[0] ?? 1;
    if (compression === OLD_JPEG) {
      throw new ImageRejection(
        "UnsupportedFormat",
        "The TIFF uses old-style JPEG compression (6), which is deprecated and not supported; re-save it with LZW, Deflate or new-style JPEG.",
      );
    }
    if (DEFLATE.has(compression)) {
      let budget = pixelBound(tags.get(256)?.[0] ?? 0, tags.get(257)?.[0] ?? 0);
      for (const strip of strips(buffer, tags)) budget -= inflateCapped(strip, Math.max(1, budget), "TIFF");
    } else if (compression === LZW) {
      checkLzwPage(buffer, tags, deadline);
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

/**
 * Each LZW strip (or tile) must decode to no more than its rows (or tile) hold, and a strip to
 * no fewer bytes than its rows need: libtiff refuses both, and short data would be made-up rows.
 */
function checkLzwPage(buffer: Buffer, tags: TiffTags, deadline: DecodeDeadline): void {
  const width = tags.get(256)?.[0] ?? 0;
  const height = tags.get(257)?.[0] ?? 0;
  const bitsPerSample = tags.get(258)?.[0] ?? 1;
  const samples = tags.get(277)?.[0] ?? 1;
  const planar = tags.get(284)?.[0] ?? 1;
  const tileWidth = tags.get(322)?.[0];
  const tileHeight = tags.get(323)?.[0];
  const bytesPerRow = (columns: number) => Math.ceil((columns * bitsPerSample * (planar === 2 ? 1 : samples)) / 8);
  const rowsPerStrip = Math.min(tags.get(278)?.[0] ?? height, height);
  strips(buffer, tags).forEach((strip, index) => {
    deadline.check("tiff");
    if (tileWidth !== undefined && tileHeight !== undefined) {
      checkLzwStrip(strip, { index, min: 0, max: bytesPerRow(tileWidth) * tileHeight });
    } else {
      const rows = Math.max(0, Math.min(rowsPerStrip, height - (index % Math.ceil(height / rowsPerStrip)) * rowsPerStrip));
      checkLzwStrip(strip, { index, min: bytesPerRow(width) * rows, max: bytesPerRow(width) * rowsPerStrip });
    }
  });
}

const SAMPLE_BITS = new Set([1, 2, 4, 8, 16, 32]);

/**
 * utif2 sizes its buffers from BitsPerSample x SamplesPerPixel: 65535-bit samples on a 24x16 page
 * are megabytes of made-up pixels. Real files use 1-32 bits, the same for every sample, 1-8 samples.
 */
function checkTiffSamples(tags: TiffTags): void {
  const bits = tags.get(258) ?? [1];
  const samples = tags.get(277)?.[0] ?? 1;
  if (!bits.every((b) => b === bits[0]) || !SAMPLE_BITS.has(bits[0]) || samples < 1 || samples > 8) {
    throw new ImageRejection("Corrupt", `The TIFF file is damaged or unsupported: ${samples} samples of ${bits.join("/")} bits per pixel.`);
  }
}
