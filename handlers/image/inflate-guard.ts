import { inflateSync } from "node:zlib";
import { ImageRejection } from "./errors";
import { readTiffPages, type ImageHeader } from "./header";

/**
 * Zip bombs inside formats whose decoders inflate without a limit: interlaced PNG (pngjs caps
 * only non-interlaced data) and Deflate-compressed TIFF (utif2). A few hundred KB of deflate can
 * expand to gigabytes and kill the Lambda before any error handling runs, so the compressed
 * data is inflated here first with an output cap derived from the header's dimensions, and a
 * stream that would exceed it is rejected. Costs one extra inflate, only for those two cases.
 */
export function checkInflatedSize(buffer: Buffer, header: ImageHeader): void {
  if (header.format === "png" && isInterlacedPng(buffer)) checkPng(buffer, header);
  else if (header.format === "tiff") checkTiff(buffer);
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

function checkTiff(buffer: Buffer): void {
  for (const tags of readTiffPages(buffer)) {
    if (!DEFLATE.has(tags.get(259)?.[0] ?? 1)) continue;
    const offsets = tags.get(273) ?? tags.get(324) ?? [];
    const counts = tags.get(279) ?? tags.get(325) ?? [];
    let budget = pixelBound(tags.get(256)?.[0] ?? 0, tags.get(257)?.[0] ?? 0);
    offsets.forEach((offset, i) => {
      const strip = buffer.subarray(offset, offset + (counts.at(i) ?? 0));
      budget -= inflateCapped(strip, Math.max(1, budget), "TIFF");
    });
  }
}
