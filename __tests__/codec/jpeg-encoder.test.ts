/**
 * The JPEG encoder the handler writes its variants with, checked by libjpeg-turbo (sharp) and by
 * our decoder: valid baseline 4:2:0 files of the right size, no metadata, and the same
 * quality-to-fidelity relation as libjpeg at the same setting (so JPEG_QUALITY keeps its usual
 * meaning). Proves encoding fidelity on photo-like content, not visual quality in general.
 */
import sharp from "sharp";
import { photoLikeRgb } from "../../bench/synthetic";
import { decodeJpeg } from "../../handlers/image/jpeg";
import { encodeJpeg } from "../../handlers/image/jpeg/encode";
import { psnr } from "./image-metrics";

function rgbaOf(rgb: Buffer): Buffer {
  const rgba = Buffer.alloc((rgb.length / 3) * 4);
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
    rgba[o] = rgb[i];
    rgba[o + 1] = rgb[i + 1];
    rgba[o + 2] = rgb[i + 2];
    rgba[o + 3] = 255;
  }
  return rgba;
}

describe("encodeJpeg", () => {
  it.each([
    [1024, 768],
    [257, 193], // partial MCUs at the right and bottom edges
    [17, 9],
    [1, 1],
  ])("%i x %i: libjpeg reads a 4:2:0 baseline JPEG with no metadata, as faithful as libjpeg's own q80", async (width, height) => {
    const rgb = photoLikeRgb(width, height, 4);
    const jpeg = encodeJpeg(rgbaOf(rgb), width, height, 80);
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels, meta.chromaSubsampling, meta.isProgressive]).toEqual(["jpeg", width, height, 3, "4:2:0", false]);
    expect([meta.exif, meta.icc, meta.xmp, meta.iptc]).toEqual([undefined, undefined, undefined, undefined]);
    const ours = psnr(await sharp(jpeg).raw().toBuffer(), 3, rgb, 3);
    const libjpeg = psnr(
      await sharp(
        await sharp(rgb, { raw: { width, height, channels: 3 } })
          .jpeg({ quality: 80 })
          .toBuffer(),
      )
        .raw()
        .toBuffer(),
      3,
      rgb,
      3,
    );
    // Measured: 1024x768 29.87 vs 29.86 dB. Same tables and scaling, so within a fraction of a dB
    // (a 1x1 image comes back exact from both: Infinity).
    if (ours !== libjpeg) expect(Math.abs(ours - libjpeg)).toBeLessThan(0.5);
  });

  it.each([20, 40, 60, 95, 100])("quality %i means what it means to libjpeg (fidelity within 0.5 dB)", async (quality) => {
    const rgb = photoLikeRgb(320, 240, 7);
    const ours = psnr(
      await sharp(encodeJpeg(rgbaOf(rgb), 320, 240, quality))
        .raw()
        .toBuffer(),
      3,
      rgb,
      3,
    );
    const reference = await sharp(rgb, { raw: { width: 320, height: 240, channels: 3 } })
      .jpeg({ quality, chromaSubsampling: "4:2:0" })
      .toBuffer();
    const libjpeg = psnr(await sharp(reference).raw().toBuffer(), 3, rgb, 3);
    expect(Math.abs(ours - libjpeg)).toBeLessThan(0.5);
  });

  it("round-trips through our own decoder close to libjpeg's decode of the same file", async () => {
    const rgb = photoLikeRgb(320, 240, 6);
    const jpeg = encodeJpeg(rgbaOf(rgb), 320, 240, 90);
    const ours = decodeJpeg(jpeg);
    // Not identical: libjpeg interpolates 4:2:0 chroma on upsampling, our decoder replicates it.
    expect(psnr(ours.data, 4, await sharp(jpeg).raw().toBuffer(), 3)).toBeGreaterThan(35);
  });

  it("higher quality means a larger file", () => {
    const rgba = rgbaOf(photoLikeRgb(400, 300, 8));
    expect(encodeJpeg(rgba, 400, 300, 95).length).toBeGreaterThan(encodeJpeg(rgba, 400, 300, 40).length * 1.5);
  });

  it("rejects a quality outside 1-100 and pixel data of the wrong size", () => {
    const rgba = Buffer.alloc(4 * 4 * 4);
    expect(() => encodeJpeg(rgba, 4, 4, 0)).toThrow(/quality must be 1-100, got 0/);
    expect(() => encodeJpeg(rgba, 4, 4, 101)).toThrow(/quality must be 1-100/);
    expect(() => encodeJpeg(rgba, 4, 5, 80)).toThrow(/expected 4x5 RGBA/);
  });
});
