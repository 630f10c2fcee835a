/**
 * The decoders are as strict as libpng/libtiff: no uninitialised memory reaches an output, no
 * input loops, no pixel is made up, and every decoder stops at the invocation's deadline.
 * Each case here fails if the check it names is removed from handlers/image/{png,bmp,tiff-lzw}.ts.
 */
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { decodeBmp } from "../../handlers/image/bmp";
import { DecodeDeadline, DecodeTimeout } from "../../handlers/image/deadline";
import { decodeImage } from "../../handlers/image/decode";
import { ImageRejection } from "../../handlers/image/errors";
import { readHeader } from "../../handlers/image/header";
import { decodePng } from "../../handlers/image/png";
import { processImage, type ProcessOptions } from "../../handlers/image/process";
import { sniffFormat } from "../../handlers/image/sniff";
import { checkLzwStrip } from "../../handlers/image/tiff-lzw";
import { bmpFile, fixture, packLzw, pngChunk, pngFile, tiffWithStrip } from "./support/images";

const options: ProcessOptions = { maxBytes: 8 * 1024 * 1024, maxPixels: 40_000_000, jpegQuality: 85, variants: [{ name: "full", maxWidth: 4000, maxHeight: 4000 }] };

function rejectionOf(run: () => unknown): ImageRejection {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageRejection);
    return error as ImageRejection;
  }
  throw new Error("expected a rejection, but the image was accepted");
}

async function asyncRejectionOf(run: () => Promise<unknown>): Promise<ImageRejection> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageRejection);
    return error as ImageRejection;
  }
  throw new Error("expected a rejection, but the image was accepted");
}

/** Filtered (filter 0) 8-bit RGBA rows of one colour. */
function rgbaRows(width: number, rows: number, colour: readonly number[]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => colour).flat())]);
  return Buffer.concat(Array.from({ length: rows }, () => row));
}

const MAGENTA = [255, 0, 255, 255];

describe("PNG: exact-length inflate", () => {
  const width = 64;
  const height = 48;

  it("a secret image then a PNG with short data in one process: the short one is refused, and a later image carries no pixel of the secret", async () => {
    const secret = pngFile({ width, height, depth: 8, colourType: 6 }, deflateSync(rgbaRows(width, height, MAGENTA)));
    const first = await processImage(secret, { ...options, variants: [{ name: "full", maxWidth: width, maxHeight: height }] });
    expect(first.variants[0].width).toBe(width);

    const short = pngFile({ width, height, depth: 8, colourType: 6 }, deflateSync(rgbaRows(width, 3, [0, 0, 0, 255])));
    const error = await asyncRejectionOf(() => processImage(short, options));
    expect([error.code, error.message]).toEqual([
      "Corrupt",
      `The PNG file is damaged: its image data inflates to ${3 * (1 + width * 4)} bytes, but its header implies ${height * (1 + width * 4)}.`,
    ]);

    // The same short data decoded directly: refused too, never a half-written buffer.
    expect(() => decodePng(short)).toThrow(/inflates to 771 bytes/);
    // A complete grey image of the same size decodes to grey only: no magenta from the secret.
    const grey = pngFile({ width, height, depth: 8, colourType: 6 }, deflateSync(rgbaRows(width, height, [90, 90, 90, 255])));
    const bitmap = decodePng(grey);
    for (let i = 0; i < bitmap.data.length; i += 4) expect([bitmap.data[i], bitmap.data[i + 1], bitmap.data[i + 2]]).toEqual([90, 90, 90]);
  });

  it("an interlaced PNG whose data stops inside a pass: Corrupt (per-pass lengths)", () => {
    // Adam7 for 16x16 RGBA, rows x (1 + stride) per pass: 2x9, 2x9, 2x17, 4x17, 4x33, 8x33, 8x65.
    const full = Buffer.alloc(2 * 9 + 2 * 9 + 2 * 17 + 4 * 17 + 4 * 33 + 8 * 33 + 8 * 65);
    expect(full.length).toBe(1054);
    const png = pngFile({ width: 16, height: 16, depth: 8, colourType: 6, interlace: 1 }, deflateSync(full.subarray(1)));
    expect(rejectionOf(() => decodePng(png)).message).toBe(`The PNG file is damaged: its image data inflates to ${full.length - 1} bytes, but its header implies ${full.length}.`);
    expect(decodePng(pngFile({ width: 16, height: 16, depth: 8, colourType: 6, interlace: 1 }, deflateSync(full))).width).toBe(16);
  });

  it("an interlaced PNG decodes pixel for pixel like libvips", async () => {
    const raw = Buffer.alloc(37 * 29 * 4);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) & 255;
    const png = await sharp(raw, { raw: { width: 37, height: 29, channels: 4 } })
      .png({ progressive: true })
      .toBuffer();
    expect(png[28]).toBe(1); // interlaced
    expect(decodePng(png).data.equals(raw)).toBe(true);
  });

  it("data longer than the header implies: refused as a bomb, not truncated silently", () => {
    const png = pngFile({ width, height, depth: 8, colourType: 6 }, deflateSync(rgbaRows(width, height + 1, MAGENTA)));
    expect(rejectionOf(() => decodePng(png)).code).toBe("TooManyPixels");
  });

  it("damaged chunks and streams: CRC, unknown filter, palette index past the palette, missing IHDR fields", () => {
    const good = pngFile({ width: 4, height: 1, depth: 8, colourType: 6 }, deflateSync(rgbaRows(4, 1, MAGENTA)));
    const badCrc = Buffer.from(good);
    badCrc[good.length - 13] ^= 1; // inside IDAT's CRC
    expect(rejectionOf(() => decodePng(badCrc)).message).toBe("The PNG file is damaged: its IDAT chunk fails its CRC check.");

    const badFilter = rgbaRows(4, 1, MAGENTA);
    badFilter[0] = 5;
    expect(rejectionOf(() => decodePng(pngFile({ width: 4, height: 1, depth: 8, colourType: 6 }, deflateSync(badFilter)))).message).toBe(
      "The PNG file is damaged: row 0 has an unknown filter type 5.",
    );

    const plte = pngChunk("PLTE", Buffer.from([1, 2, 3, 4, 5, 6]));
    const indexed = pngFile({ width: 2, height: 1, depth: 8, colourType: 3 }, deflateSync(Buffer.from([0, 1, 2])), [plte]);
    expect(rejectionOf(() => decodePng(indexed)).message).toBe("The PNG file is damaged: a pixel uses palette entry 2, but the palette has 2.");

    expect(rejectionOf(() => decodePng(pngFile({ width: 2, height: 1, depth: 16, colourType: 3 }, deflateSync(Buffer.alloc(5))))).message).toBe(
      "The PNG file is damaged: bit depth 16 is not allowed for colour type 3.",
    );
  });

  it("low bit depths, 16-bit samples and tRNS colour keys", () => {
    // 2-bit grey, 4 pixels 0..3 in one byte; tRNS makes value 3 transparent.
    const grey2 = pngFile({ width: 4, height: 1, depth: 2, colourType: 0 }, deflateSync(Buffer.from([0, 0b00011011])), [pngChunk("tRNS", Buffer.from([0, 3]))]);
    expect([...decodePng(grey2).data]).toEqual([0, 0, 0, 255, 85, 85, 85, 255, 170, 170, 170, 255, 255, 255, 255, 0]);
    const rgb16 = pngFile({ width: 1, height: 1, depth: 16, colourType: 2 }, deflateSync(Buffer.from([0, 0x12, 0x34, 0xab, 0xcd, 0xff, 0x00])));
    expect([...decodePng(rgb16).data]).toEqual([0x12, 0xab, 0xff, 255]);
  });
});

describe("TIFF: LZW that cannot loop", () => {
  it("a valid LZW TIFF (libvips-written) decodes", async () => {
    const raw = Buffer.alloc(40 * 30 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 31) & 255;
    const tiff = await sharp(raw, { raw: { width: 40, height: 30, channels: 3 } })
      .tiff({ compression: "lzw" })
      .toBuffer();
    const header = readHeader(tiff, sniffFormat(tiff));
    const bitmap = await decodeImage(tiff, header, { maxPixels: 1e6, largestTarget: { width: 40, height: 30 } });
    expect(bitmap.data[4 * 5]).toBe(raw[3 * 5]);
  });

  it("a code past the next free entry (a table that would point at itself): Corrupt, at once", async () => {
    const strip = packLzw([256, 65, 300, 257]);
    const error = await asyncRejectionOf(() => processImage(tiffWithStrip(4, 4, strip, 5), options));
    expect([error.code, error.message]).toEqual(["Corrupt", "The TIFF file is damaged: LZW strip 0 uses code 300 before it is defined (next free: 258)."]);
  });

  it("strips that decode short, long, without Clear, with a non-literal after Clear, or past a full table: Corrupt", () => {
    const literals = (n: number) => Array.from({ length: n }, (_, i) => i & 255);
    expect(() => checkLzwStrip(packLzw([256, 1, 2, 257]), { index: 0, min: 16, max: 16 })).toThrow("decodes to 2 bytes, but its rows need 16 (truncated)");
    expect(() => checkLzwStrip(packLzw([256, ...literals(17), 257]), { index: 0, min: 16, max: 16 })).toThrow("decodes to more than the 16 bytes it may hold");
    expect(() => checkLzwStrip(packLzw([65, 257]), { index: 0, min: 0, max: 16 })).toThrow("does not start with a Clear code");
    expect(() => checkLzwStrip(packLzw([256, 258, 257]), { index: 3, min: 0, max: 16 })).toThrow("LZW strip 3 starts a table with code 258, which is not a literal");
    expect(() => checkLzwStrip(packLzw([256, ...literals(3840), 257]), { index: 0, min: 0, max: 1e6 })).toThrow("fills its code table without a Clear code");
    // The KwKwK case (a code equal to the next free entry) is valid LZW.
    expect(checkLzwStrip(packLzw([256, 65, 258, 257]), { index: 0, min: 3, max: 3 })).toBe(3);
  });
});

describe("TIFF and GIF: no made-up pixels", () => {
  it("65535-bit samples (utif2 would size its buffers from them): Corrupt", async () => {
    const tiff = tiffWithStrip(4, 4, Buffer.alloc(16), 1);
    tiff.writeUInt16LE(0xffff, 10 + 2 * 12 + 8); // BitsPerSample, the third tag
    const error = await asyncRejectionOf(() => processImage(tiff, options));
    expect([error.code, error.message]).toEqual(["Corrupt", "The TIFF file is damaged or unsupported: 1 samples of 65535 bits per pixel."]);
  });

  /** A 4x4 GIF, 2-colour table, whose frame data is `codes` (3-bit codes, LSB first). */
  function gif(codeBytes: number[]): Buffer {
    const head = Buffer.from("GIF89a", "latin1");
    const screen = Buffer.from([4, 0, 4, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
    const descriptor = Buffer.from([0x2c, 0, 0, 0, 0, 4, 0, 4, 0, 0, 2, codeBytes.length, ...codeBytes, 0, 0x3b]);
    return Buffer.concat([head, screen, descriptor]);
  }

  it("a GIF frame whose data holds 2 of its 16 pixels: Corrupt (omggif would fill in index 0)", async () => {
    // Clear (4), 1, 1, End (5): 4 | 1 << 3 | 1 << 6 | 5 << 9 = 0x0a4c.
    const error = await asyncRejectionOf(() => processImage(gif([0x4c, 0x0a]), options));
    expect([error.code, error.message]).toEqual(["Corrupt", "The GIF file is damaged: its first frame's image data holds 2 pixels, but the frame has 16."]);
  });

  it("a GIF code past the next free table entry (omggif's chase would cycle): Corrupt", async () => {
    // Clear (4), 1, 7 (next free is 6), End.
    const error = await asyncRejectionOf(() => processImage(gif([0xcc, 0x0b]), options));
    expect([error.code, error.message]).toEqual(["Corrupt", "The GIF file is damaged: its LZW data uses code 7 before it is defined."]);
  });
});

describe("BMP: alpha masks and RLE", () => {
  it("a 32-bit BI_BITFIELDS BMP with an alpha mask keeps its transparency (and becomes a PNG)", async () => {
    const pixels = Buffer.alloc(4 * 4 * 2);
    for (let i = 0; i < 8; i++) pixels.writeUInt32LE(i < 4 ? 0x00ff0000 : 0xff00ff00, i * 4); // bottom row: transparent red; top: opaque green
    const bmp = bmpFile({ width: 4, height: 2, bpp: 32, compression: 3, dibSize: 56, masks: [0xff0000, 0xff00, 0xff, 0xff000000], data: pixels });
    const bitmap = decodeBmp(bmp);
    expect([...bitmap.data.subarray(0, 4)]).toEqual([0, 255, 0, 255]);
    expect([...bitmap.data.subarray(16, 20)]).toEqual([255, 0, 0, 0]);
    const processed = await processImage(bmp, options);
    expect(processed.variants[0].format).toBe("png");
  });

  it("RLE8 and RLE4 decode to their palette colours, skipped pixels show entry 0", () => {
    const palette = [
      [0, 0, 0],
      [255, 0, 0],
      [0, 0, 255],
    ] as const;
    // 4x2 bottom-up: row 0 = 3 red + 1 blue (absolute run needs >= 3, so a run then a run); row 1 = delta skip then 1 blue.
    const rle8 = Buffer.from([3, 1, 1, 2, 0, 0, 0, 2, 3, 0, 1, 2, 0, 1]);
    const bitmap = decodeBmp(bmpFile({ width: 4, height: 2, bpp: 8, compression: 1, palette, data: rle8 }));
    const colour = (x: number, y: number) => [...bitmap.data.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 3)];
    expect([colour(0, 1), colour(2, 1), colour(3, 1)]).toEqual([
      [255, 0, 0],
      [255, 0, 0],
      [0, 0, 255],
    ]);
    expect([colour(0, 0), colour(2, 0), colour(3, 0)]).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 255],
    ]);

    // RLE4: an absolute run of 3 nibbles (1, 2, 1), padded, then one pixel of 2.
    const rle4 = Buffer.from([0, 3, 0x12, 0x10, 1, 0x20, 0, 1]);
    const four = decodeBmp(bmpFile({ width: 4, height: 1, bpp: 4, compression: 2, palette, data: rle4 }));
    expect([...four.data].filter((_, i) => i % 4 === 0)).toEqual([255, 0, 255, 0]);
    expect([...four.data].filter((_, i) => i % 4 === 2)).toEqual([0, 255, 0, 255]);
  });

  it("RLE past its row, without an end marker, and short uncompressed data: Corrupt", () => {
    const palette = [
      [0, 0, 0],
      [255, 0, 0],
    ] as const;
    expect(rejectionOf(() => decodeBmp(bmpFile({ width: 4, height: 1, bpp: 8, compression: 1, palette, data: Buffer.from([5, 1, 0, 1]) }))).message).toBe(
      "The BMP file is damaged: its RLE data writes outside the 4x1 image.",
    );
    expect(rejectionOf(() => decodeBmp(bmpFile({ width: 4, height: 1, bpp: 8, compression: 1, palette, data: Buffer.from([4, 1]) }))).message).toBe(
      "The BMP file is damaged: its RLE data ends without an end-of-bitmap marker (truncated).",
    );
    expect(rejectionOf(() => decodeBmp(bmpFile({ width: 4, height: 4, bpp: 24, data: Buffer.alloc(20) }))).message).toBe(
      "The BMP file is damaged: its pixel data is 20 bytes, but 4x4 at 24 bits needs 48.",
    );
  });
});

describe("every decoder stops at the deadline", () => {
  const past = () => new DecodeDeadline(Date.now() - 1, Date.now() - 1000);
  async function timeoutOf(run: () => Promise<unknown>): Promise<DecodeTimeout> {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DecodeTimeout);
    return error as DecodeTimeout;
  }

  it.each(["progressive.jpg", "alpha.png", "pattern.bmp", "pattern.tiff", "pattern.gif"])("%s with no time left: a DecodeTimeout (retried), never a rejection", async (name) => {
    const file = fixture(name);
    const header = readHeader(file, sniffFormat(file));
    const error = await timeoutOf(() => decodeImage(file, header, { maxPixels: 1e6, largestTarget: { width: 32, height: 24 }, deadline: past() }));
    expect(error).not.toBeInstanceOf(ImageRejection);
    expect(error.message).toMatch(/^Decoding the (JPEG|PNG|BMP|TIFF|GIF) file took more than the \d+ ms the invocation had left for it; the event will be retried\.$/);
  });

  it("processImage turns decodeDeadline into the decoders' budget", async () => {
    const error = await timeoutOf(() => processImage(fixture("alpha.png"), { ...options, decodeDeadline: Date.now() - 1 }));
    expect(error.format).toBe("png");
  });

  it("a damaged file that fails before the deadline is still Corrupt", async () => {
    const file = fixture("progressive.jpg").subarray(0, 400);
    const error = await asyncRejectionOf(() => processImage(file, { ...options, decodeDeadline: Date.now() + 60_000 }));
    expect(error.code).toBe("Corrupt");
  });
});
