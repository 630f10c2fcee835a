import { ImageRejection } from "./errors";
import type { ImageFormat } from "./formats";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** BMP DIB header sizes (BITMAPCOREHEADER .. BITMAPV5HEADER): "BM" alone is too weak a signature. */
const BMP_DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function startsWith(buffer: Buffer, bytes: Buffer | string, offset = 0): boolean {
  const expected = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
  return buffer.length >= offset + expected.length && buffer.subarray(offset, offset + expected.length).equals(expected);
}

/**
 * Names common non-image or unsupported uploads, only to make the rejection message useful;
 * anything unrecognised is "unknown".
 */
function describeUnsupported(buffer: Buffer): string {
  const head = buffer.subarray(0, 512).toString("latin1").trimStart().toLowerCase();
  if (startsWith(buffer, "RIFF") && startsWith(buffer, "WEBP", 8)) return "WebP";
  if (startsWith(buffer, "ftyp", 4)) return "HEIF/AVIF/MP4 (ISO media)";
  if (startsWith(buffer, "%PDF")) return "PDF";
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "SVG";
  if (head.startsWith("<")) return "XML/HTML text";
  const sample = buffer.subarray(0, 512);
  const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127)).length;
  if (sample.length > 0 && printable / sample.length > 0.95) return "text";
  return "unknown";
}

/**
 * Detects the format from the file's magic bytes, never from its name: a PNG uploaded as
 * `photo.jpg` is a PNG. Throws `UnsupportedFormat` for anything else.
 */
export function sniffFormat(buffer: Buffer): ImageFormat {
  if (buffer.length === 0) throw new ImageRejection("EmptyFile", "The file is empty (0 bytes).");
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return "jpeg";
  if (startsWith(buffer, PNG_SIGNATURE)) return "png";
  if (startsWith(buffer, "GIF87a") || startsWith(buffer, "GIF89a")) return "gif";
  if (startsWith(buffer, "II*\u0000") || startsWith(buffer, "MM\u0000*")) return "tiff";
  if (startsWith(buffer, "BM") && buffer.length >= 18 && BMP_DIB_SIZES.has(buffer.readUInt32LE(14))) return "bmp";
  throw new ImageRejection(
    "UnsupportedFormat",
    `The file is not a supported image (detected: ${describeUnsupported(buffer)}); supported formats are JPEG, PNG, GIF, BMP and TIFF.`,
  );
}
