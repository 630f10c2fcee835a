/**
 * Test images, made and inspected with sharp (libvips): an independent implementation from the
 * handler's jimp, so a bug shared by the handler's encoder and the test's reader cannot hide.
 */
import sharp from "sharp";

const EXIF_WITH_GPS = {
  IFD0: { Artist: "e2e photographer", Copyright: "personal data" },
  IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 0/1" },
};

/** An opaque JPEG carrying EXIF with GPS coordinates (personal data the outputs must not keep). */
export async function jpegWithExif(width: number, height: number, seed = 0): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: (seed * 37) % 256, g: 120, b: 200 } } })
    .jpeg({ quality: 85 })
    .withExif(EXIF_WITH_GPS)
    .toBuffer();
}

/** A PNG with a semi-transparent background (the handler keeps PNG where there is transparency). */
export async function pngWithAlpha(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

/** A JPEG cut off halfway: a valid header, then missing scan data. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await jpegWithExif(400, 300, 3);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/**
 * A decompression bomb: a small, real JPEG whose frame header (SOF0) claims `width` x `height`,
 * as an attacker would send to make a decoder allocate gigabytes.
 */
export async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(
    await sharp({ create: { width: 16, height: 16, channels: 3, background: "#888" } })
      .jpeg()
      .toBuffer(),
  );
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1] === 0xc0) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
  }
  throw new Error("no SOF0 marker in the generated JPEG");
}

export interface ImageFacts {
  readonly format: string | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly hasExif: boolean;
  readonly hasAlpha: boolean;
}

export async function imageFacts(bytes: Buffer): Promise<ImageFacts> {
  const m = await sharp(bytes).metadata();
  return { format: m.format, width: m.width, height: m.height, hasExif: m.exif !== undefined, hasAlpha: m.hasAlpha === true };
}
