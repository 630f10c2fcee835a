/**
 * Every bad input the handler must refuse, each with its typed error. Limits are checked on the header,
 * so the bombs below are refused without allocating their pixels (a 60000x60000 RGBA decode
 * would need 14 GB: the test process would die rather than fail politely).
 */
import { ImageRejection } from "../../handlers/image/errors";
import { readHeader } from "../../handlers/image/header";
import { inspectImage, processImage, type ProcessOptions } from "../../handlers/image/process";
import { sniffFormat } from "../../handlers/image/sniff";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { fixture, jpegSofOnly, makeJpeg, makePng, pngHeaderOnly, pngWithIdat, tiffWithStrip } from "./support/images";

const options: ProcessOptions = {
  maxBytes: 1024 * 1024,
  maxPixels: 40_000_000,
  jpegQuality: 80,
  variants: [{ name: "256", maxWidth: 256, maxHeight: 256 }],
};

async function rejection(input: Buffer, overrides: Partial<ProcessOptions> = {}): Promise<ImageRejection> {
  try {
    await processImage(input, { ...options, ...overrides });
  } catch (error) {
    expect(error).toBeInstanceOf(ImageRejection);
    return error as ImageRejection;
  }
  throw new Error("expected a rejection, but the image was accepted");
}

/** Deterministic pseudo-random bytes (a fixed LCG), so a failure reproduces. */
function noise(length: number, seed = 42): Buffer {
  const out = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

describe("bad inputs are rejected with a typed, human error", () => {
  it("zero bytes: EmptyFile", async () => {
    const error = await rejection(Buffer.alloc(0));
    expect([error.code, error.message]).toEqual(["EmptyFile", "The file is empty (0 bytes)."]);
  });

  it("a truncated JPEG: Corrupt (jpeg-js's tolerant mode would have returned half an image)", async () => {
    const jpeg = await makeJpeg(200, 150);
    const error = await rejection(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    expect(error.code).toBe("Corrupt");
    expect(error.message).toMatch(/^The JPEG file could not be decoded: /);
  });

  it("a JPEG cut inside its headers: Corrupt, from the header reader", async () => {
    const jpeg = await makeJpeg(200, 150);
    const error = await rejection(jpeg.subarray(0, 40));
    expect([error.code, error.message]).toEqual(["Corrupt", "The JPEG file is damaged: it ends before its frame header."]);
  });

  it("a truncated PNG: Corrupt", async () => {
    const png = await makePng(200, 150);
    const error = await rejection(png.subarray(0, Math.floor(png.length / 2)));
    expect(error.code).toBe("Corrupt");
    expect(error.message).toBe("The PNG file is damaged: its IDAT chunk runs past the end of the file.");
  });

  it("random bytes (named .jpg by the uploader): UnsupportedFormat", async () => {
    const error = await rejection(noise(4096));
    expect([error.code, error.message]).toEqual([
      "UnsupportedFormat",
      "The file is not a supported image (detected: unknown); supported formats are JPEG, PNG, GIF, BMP and TIFF.",
    ]);
  });

  it("a text file: UnsupportedFormat, saying it is text", async () => {
    const error = await rejection(Buffer.from("name,size\ncat.png,1234\n"));
    expect(error.code).toBe("UnsupportedFormat");
    expect(error.message).toContain("(detected: text)");
  });

  it("an SVG: UnsupportedFormat, saying it is SVG (jimp cannot render it, and SVG can carry script)", async () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    const error = await rejection(Buffer.from(svg));
    expect(error.code).toBe("UnsupportedFormat");
    expect(error.message).toContain("(detected: SVG)");
  });

  it("a WebP: UnsupportedFormat, named", async () => {
    const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 "), Buffer.alloc(32)]);
    expect((await rejection(webp)).message).toContain("(detected: WebP)");
  });

  it("a PNG header claiming 60000x60000: TooManyPixels, from the header alone", async () => {
    const error = await rejection(pngHeaderOnly(60000, 60000));
    expect([error.code, error.message]).toEqual(["TooManyPixels", "The image is 60000x60000 (3600000000 pixels), over the limit of 40000000 pixels."]);
  });

  it("a JPEG SOF claiming 65500x65500: TooManyPixels, from the header alone", async () => {
    const error = await rejection(jpegSofOnly(65500, 65500));
    expect([error.code, error.message]).toEqual(["TooManyPixels", "The image is 65500x65500 (4290250000 pixels), over the limit of 40000000 pixels."]);
  });

  it("a file over the byte limit: TooLarge, before looking at its content", async () => {
    const error = await rejection(await makeJpeg(256, 256, 95), { maxBytes: 1024 });
    expect(error.code).toBe("TooLarge");
    expect(error.message).toMatch(/^The file is \d+ bytes, over the limit of 1024 bytes\.$/);
  });

  it("a lossless (SOF3) JPEG: UnsupportedFormat, with advice", async () => {
    const error = await rejection(jpegSofOnly(10, 10, 0xc3));
    expect(error.code).toBe("UnsupportedFormat");
    expect(error.message).toContain("SOF3");
  });

  it("a PNG whose first chunk is not IHDR: Corrupt", async () => {
    const png = pngHeaderOnly(10, 10);
    png.write("IHDX", 12, "latin1");
    expect((await rejection(png)).message).toBe("The PNG file is damaged: its first chunk is not a valid IHDR.");
  });

  it("a zero-width GIF header: Corrupt", async () => {
    const gif = Buffer.concat([Buffer.from("GIF89a"), Buffer.from([0, 0, 10, 0]), Buffer.alloc(20)]);
    expect((await rejection(gif)).message).toBe("The GIF file is damaged: its header gives an invalid size 0x10.");
  });

  it("a TIFF whose page directory points outside the file: Corrupt", async () => {
    const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0x00, 0x00, 0, 0, 0, 0]);
    expect((await rejection(tiff)).message).toBe("The TIFF file is damaged: its page directory is truncated or points outside the file.");
  });

  it("a multi-page TIFF is limited by its total pixels (jimp decodes every page)", async () => {
    const tiff = twoPageTiff(10, 10);
    expect(readHeader(tiff, "tiff")).toEqual({ format: "tiff", width: 10, height: 10, totalPixels: 200, orientation: 1 });
    const error = await rejection(tiff, { maxPixels: 150 });
    expect([error.code, error.message]).toEqual(["TooManyPixels", "The image is 10x10 (200 pixels across all its pages), over the limit of 150 pixels."]);
  });

  it("a TIFF whose page list loops: Corrupt", async () => {
    const tiff = twoPageTiff(10, 10);
    tiff.writeUInt32LE(8, 38 + 2 + 24); // page 2 points back to page 1
    expect((await rejection(tiff)).message).toContain("a loop in its page list");
  });
});

/** A GIF with a `screenWidth` x `screenHeight` logical screen, a comment extension, and one frame descriptor. */
function gifWithFrame(screenWidth: number, screenHeight: number, frameWidth: number, frameHeight: number): Buffer {
  const header = Buffer.alloc(13);
  header.write("GIF89a", 0, "latin1");
  header.writeUInt16LE(screenWidth, 6);
  header.writeUInt16LE(screenHeight, 8);
  const comment = Buffer.from([0x21, 0xfe, 3, 0x61, 0x62, 0x63, 0]);
  const frame = Buffer.alloc(10);
  frame.writeUInt8(0x2c, 0);
  frame.writeUInt16LE(frameWidth, 5);
  frame.writeUInt16LE(frameHeight, 7);
  return Buffer.concat([header, comment, frame, Buffer.from([2, 2, 0x4c, 0x01, 0, 0x3b])]);
}

/** A little-endian TIFF header with two IFDs of `width` x `height` (no pixel data). */
function twoPageTiff(width: number, height: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 * 30);
  tiff.write("II*\u0000", 0, "latin1");
  tiff.writeUInt32LE(8, 4);
  for (const [ifd, next] of [
    [8, 38],
    [38, 0],
  ]) {
    tiff.writeUInt16LE(2, ifd);
    for (const [i, [tag, value]] of [
      [256, width],
      [257, height],
    ].entries()) {
      const entry = ifd + 2 + i * 12;
      tiff.writeUInt16LE(tag, entry);
      tiff.writeUInt16LE(4, entry + 2);
      tiff.writeUInt32LE(1, entry + 4);
      tiff.writeUInt32LE(value, entry + 8);
    }
    tiff.writeUInt32LE(next, ifd + 2 + 24);
  }
  return tiff;
}

describe("decompression bombs inside valid headers", () => {
  // 64 MB of zeros deflates to ~64 KB. The decoders would inflate it all (Deflate TIFF in
  // utif2; PNG is capped at its exact size by handlers/image/png.ts); a real bomb of a few MB would expand to gigabytes.
  const zeros = deflateSync(Buffer.alloc(64 * 1024 * 1024));

  it("an interlaced PNG whose IDAT inflates far beyond its 16x16 size: rejected before decoding", async () => {
    const error = await rejection(pngWithIdat(16, 16, zeros, 1));
    expect([error.code, error.message]).toEqual([
      "TooManyPixels",
      "The PNG file's compressed data expands to more than the 1054 bytes its dimensions allow (a decompression bomb).",
    ]);
  });

  it("a Deflate TIFF whose strip inflates far beyond its 16x16 size: rejected before decoding", async () => {
    const error = await rejection(tiffWithStrip(16, 16, zeros, 8));
    expect([error.code, error.message]).toEqual([
      "TooManyPixels",
      "The TIFF file's compressed data expands to more than the 3200 bytes its dimensions allow (a decompression bomb).",
    ]);
  });

  it("a Deflate TIFF strip that is not zlib data: Corrupt", async () => {
    const error = await rejection(tiffWithStrip(16, 16, Buffer.from("definitely not deflate"), 8));
    expect(error.code).toBe("Corrupt");
    expect(error.message).toMatch(/^The TIFF file is damaged: its compressed data does not inflate/);
  });

  it("a 16x16 JPEG-in-TIFF page whose strip's own SOF claims 65500x65500: TooManyPixels, before decoding", async () => {
    const error = await rejection(tiffWithStrip(16, 16, jpegSofOnly(65500, 65500), 7));
    expect([error.code, error.message]).toEqual(["TooManyPixels", "The TIFF's embedded JPEG data claims 4290250000 pixels or more, over the limit of 40000000 pixels."]);
  });

  it("a 16x16 GIF whose first frame claims 60000x60000: TooManyPixels, before decoding", async () => {
    const error = await rejection(gifWithFrame(16, 16, 60000, 60000));
    expect([error.code, error.message]).toEqual(["TooManyPixels", "The GIF's first frame is 60000x60000 (3600000000 pixels), over the limit of 40000000 pixels."]);
  });

  it("a GIF with no frame: Corrupt", async () => {
    const gif = Buffer.concat([Buffer.from("GIF89a"), Buffer.from([16, 0, 16, 0, 0, 0, 0]), Buffer.from([0x3b])]);
    expect((await rejection(gif)).message).toBe("The GIF file is damaged: it has no image frame.");
  });

  it("the GIF frame check walks extensions and colour tables to the real frame", async () => {
    const gif = await sharp(Buffer.alloc(20 * 10 * 3, 90), { raw: { width: 20, height: 10, channels: 3 } })
      .gif()
      .toBuffer();
    expect((await processImage(gif, options)).variants.map((v) => [v.width, v.height])).toEqual([[20, 10]]);
    expect((await rejection(gif, { maxPixels: 199 })).code).toBe("TooManyPixels"); // 200 px frame (header check)
  });

  it("old-style JPEG-in-TIFF (compression 6): UnsupportedFormat", async () => {
    expect((await rejection(tiffWithStrip(16, 16, Buffer.alloc(64), 6))).code).toBe("UnsupportedFormat");
  });

  it("legitimate interlaced PNGs and Deflate or JPEG TIFFs still decode", async () => {
    const raw = Buffer.alloc(64 * 48 * 3, 200);
    const interlaced = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } })
      .png({ progressive: true })
      .toBuffer();
    expect(interlaced.readUInt8(28)).toBe(1);
    const deflateTiff = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } })
      .tiff({ compression: "deflate" })
      .toBuffer();
    const jpegTiff = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } })
      .tiff({ compression: "jpeg" })
      .toBuffer();
    for (const input of [interlaced, deflateTiff, jpegTiff]) {
      const result = await processImage(input, options);
      expect(result.variants.map((v) => [v.width, v.height])).toEqual([[64, 48]]);
    }
    // The hand-made TIFF layout above is one the decoder accepts, so the bomb test is not vacuous.
    const grey = await processImage(tiffWithStrip(16, 16, deflateSync(Buffer.alloc(256, 90)), 8), options);
    expect(grey).toMatchObject({ format: "tiff", width: 16, height: 16 });
  });
});

describe("header reading", () => {
  it.each([
    ["orientation-1.jpg", "jpeg", 32, 24, 1],
    ["orientation-6.jpg", "jpeg", 24, 32, 6],
    ["orientation-8.jpg", "jpeg", 24, 32, 8],
    ["progressive.jpg", "jpeg", 32, 24, 1],
    ["alpha.png", "png", 32, 24, 1],
    ["pattern.gif", "gif", 32, 24, 1],
    ["pattern.bmp", "bmp", 32, 24, 1],
    ["pattern.tiff", "tiff", 32, 24, 1],
  ])("%s: %s, stored %ix%i, orientation %i", (name, format, width, height, orientation) => {
    const buffer = fixture(name);
    expect(sniffFormat(buffer)).toBe(format);
    const header = inspectImage(buffer, { maxBytes: 1e6, maxPixels: 1e6 });
    expect(header).toMatchObject({ format, width, height, totalPixels: width * height, orientation });
    expect(header.jpeg?.progressive).toBe(format === "jpeg" ? name === "progressive.jpg" : undefined);
  });

  it("reads a big-endian TIFF", () => {
    // MM, IFD at 8 with two LONG entries: ImageWidth=300, ImageLength=200, no next IFD.
    const tiff = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 2, 0x01, 0x00, 0, 4, 0, 0, 0, 1, 0, 0, 0x01, 0x2c, 0x01, 0x01, 0, 4, 0, 0, 0, 1, 0, 0, 0, 200, 0, 0, 0, 0]);
    expect(readHeader(tiff, "tiff")).toEqual({ format: "tiff", width: 300, height: 200, totalPixels: 60000, orientation: 1 });
  });

  it("reads a top-down BMP (negative height) by its absolute height", () => {
    const bmp = Buffer.alloc(54);
    bmp.write("BM", 0, "latin1");
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(7, 18);
    bmp.writeInt32LE(-5, 22);
    expect(readHeader(bmp, "bmp")).toMatchObject({ width: 7, height: 5 });
  });

  it('does not take text starting with "BM" for a bitmap', () => {
    expect(() => sniffFormat(Buffer.from("BMW service records, 2024 edition"))).toThrow(/detected: text/);
  });
});
