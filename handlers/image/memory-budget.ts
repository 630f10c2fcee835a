import { ImageRejection } from "./errors";
import type { Size } from "./geometry";
import { readTiffPages, type ImageHeader } from "./header";
import { scaleForMinSize, scalesFor } from "./jpeg/decode";

/**
 * The most working memory a decode may need, MiB. The function has 512 MB (488 MiB); the Node
 * runtime and the handler take ~90 MiB, the upload itself up to maxImageBytes (64 MiB by
 * default): 256 MiB for decoding leaves ~80 MiB of headroom. This is what makes the pixel limit
 * per format: 40 MP fits for baseline JPEG and progressive 4:2:0/4:4:4, less for progressive
 * CMYK (~33 MP), 8-bit RGBA PNG (~33 MP), 16-bit RGBA PNG (~22 MP). See docs/image-formats.md.
 */
export const DECODE_MEMORY_BUDGET_MIB = 256;

const MIB = 2 ** 20;

/**
 * Bytes the decoder will hold at its peak, from the header alone: for progressive JPEG every
 * quantized coefficient (2 bytes x 64 per block, each component) plus the output at its scale;
 * for PNG the inflated rows plus RGBA; for TIFF utif2's decoded samples plus RGBA (every page);
 * for GIF the indices plus RGBA; for BMP the RGBA.
 */
export function decodeBytes(buffer: Buffer, header: ImageHeader, largestTarget: Size): number {
  const { width, height } = header;
  switch (header.format) {
    case "jpeg": {
      const sampling = header.jpeg?.sampling ?? [{ h: 1, v: 1 }];
      const scale = scaleForMinSize(width, height, largestTarget, scalesFor(sampling));
      const output = Math.ceil((width * scale) / 8) * Math.ceil((height * scale) / 8) * 4;
      if (!header.jpeg?.progressive) return output;
      const maxH = Math.max(...sampling.map((c) => c.h));
      const maxV = Math.max(...sampling.map((c) => c.v));
      const coefficients = sampling.reduce((sum, c) => sum + Math.ceil(Math.ceil((width * c.h) / maxH) / 8) * Math.ceil(Math.ceil((height * c.v) / maxV) / 8) * 128, 0);
      return coefficients + output;
    }
    case "png": {
      const depth = buffer.readUInt8(24);
      const channels = [1, 0, 3, 1, 2, 0, 4][buffer.readUInt8(25)] ?? 4;
      return height * (1 + Math.ceil((width * depth * channels) / 8)) + width * height * 4;
    }
    case "tiff": {
      let bytes = 0;
      for (const tags of readTiffPages(buffer)) {
        const bits = (tags.get(258) ?? [8]).reduce((a, b) => a + b, 0);
        bytes += (tags.get(256)?.[0] ?? 0) * (tags.get(257)?.[0] ?? 0) * (bits / 8 + 4);
      }
      return bytes;
    }
    case "gif":
      return width * height * 5;
    case "bmp":
      return width * height * 4;
  }
}

/** Refuses, as `TooManyPixels`, an image whose decode would not fit the memory budget. */
export function checkDecodeMemory(buffer: Buffer, header: ImageHeader, largestTarget: Size): void {
  const bytes = decodeBytes(buffer, header, largestTarget);
  if (bytes > DECODE_MEMORY_BUDGET_MIB * MIB) {
    const kind = header.format === "jpeg" && header.jpeg?.progressive ? `progressive JPEG with ${header.jpeg.sampling.length} components` : header.format.toUpperCase();
    throw new ImageRejection(
      "TooManyPixels",
      `The image (${kind}, ${header.width}x${header.height}) needs about ${Math.ceil(bytes / MIB)} MiB to decode, over the ${DECODE_MEMORY_BUDGET_MIB} MiB budget; re-save it smaller${header.format === "jpeg" ? " or as a baseline JPEG" : ""}.`,
    );
  }
}
