/**
 * Correctness of the pure-JS JPEG decoder against libjpeg-turbo (through sharp), on the same
 * files: at full size the pixels must match closely; at reduced scales (n/8) the DCT-domain
 * downscale must be close to sharp's lanczos3 resize of its own full decode. The thresholds sit
 * a few dB under measured values, so a real decoding defect (a wrong table, an off-by-one block,
 * a swapped channel) fails them by far.
 */
import { readFileSync } from "fs";
import { join } from "path";
import sharp from "sharp";
import { photoLikeRgb } from "../../bench/synthetic";
import { decodeJpeg, JpegError, JpegScale, scaleForMinSize, scalesFor, scaleToCover } from "../../handlers/image/jpeg";
import { MAX_SCANS } from "../../handlers/image/jpeg/decode";
import { idct8, idctMultipliers } from "../../handlers/image/jpeg/idct";
import { psnr } from "./image-metrics";

const WIDTH = 480;
const HEIGHT = 360;
const RAW = { raw: { width: WIDTH, height: HEIGHT, channels: 3 as const } };
const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name));

/** sharp's decode of `jpeg` at full size, and resized (lanczos3) to `width` x `height`. */
async function reference(jpeg: Buffer, width: number, height: number): Promise<{ data: Buffer; channels: number }> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  if (info.width === width && info.height === height) return { data, channels: info.channels };
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const resized = await sharp(data, raw).resize(width, height, { kernel: "lanczos3", fit: "fill" }).raw().toBuffer();
  return { data: resized, channels: info.channels };
}

async function psnrAtScale(jpeg: Buffer, scale: JpegScale): Promise<number> {
  const decoded = decodeJpeg(jpeg, { scale });
  const meta = await sharp(jpeg).metadata();
  expect([decoded.width, decoded.height]).toEqual([Math.ceil((meta.width * scale) / 8), Math.ceil((meta.height * scale) / 8)]);
  const ref = await reference(jpeg, decoded.width, decoded.height);
  return psnr(decoded.data, 4, ref.data, ref.channels);
}

describe("decodeJpeg matches libjpeg-turbo's decode (PSNR in dB)", () => {
  const rgb = photoLikeRgb(WIDTH, HEIGHT, 3);
  // [name, encoder, expected component count, min PSNR at scale 1]
  const variants: [string, () => Promise<Buffer>, number, number][] = [
    ["baseline 4:2:0", () => sharp(rgb, RAW).jpeg({ quality: 90 }).toBuffer(), 3, 38],
    ["baseline 4:4:4", () => sharp(rgb, RAW).jpeg({ quality: 90, chromaSubsampling: "4:4:4" }).toBuffer(), 3, 55],
    ["progressive 4:2:0", () => sharp(rgb, RAW).jpeg({ quality: 90, progressive: true }).toBuffer(), 3, 38],
    ["progressive 4:4:4", () => sharp(rgb, RAW).jpeg({ quality: 90, progressive: true, chromaSubsampling: "4:4:4" }).toBuffer(), 3, 55],
    ["grayscale", () => sharp(rgb, RAW).toColourspace("b-w").jpeg({ quality: 90 }).toBuffer(), 1, 55],
    ["progressive grayscale", () => sharp(rgb, RAW).toColourspace("b-w").jpeg({ quality: 90, progressive: true }).toBuffer(), 1, 55],
  ];
  // At scale 1 with 4:2:0, libjpeg interpolates chroma ("fancy upsampling") where this decoder
  // replicates it: that, not decoding error, is the gap between 38 and 55 dB.
  it.each(variants)("%s", async (_name, encode, components, fullScaleMin) => {
    const jpeg = await encode();
    expect((await sharp(jpeg).metadata()).channels).toBe(components);
    expect(await psnrAtScale(jpeg, 8)).toBeGreaterThan(fullScaleMin);
    expect(await psnrAtScale(jpeg, 4)).toBeGreaterThan(39);
    // At 3/8, 4:2:0 chroma decodes at half the output's resolution (see blockLayout): lower floor.
    expect(await psnrAtScale(jpeg, 3)).toBeGreaterThan(components === 3 && !_name.includes("4:4:4") ? 32 : 36);
    expect(await psnrAtScale(jpeg, 2)).toBeGreaterThan(39);
    expect(await psnrAtScale(jpeg, 1)).toBeGreaterThan(34);
    // Without chroma subsampling every eighth is possible (with 4:2:0, 5-7/8 are not).
    if (components === 1 || _name.includes("4:4:4")) {
      for (const scale of [5, 6, 7] as const) expect(await psnrAtScale(jpeg, scale)).toBeGreaterThan(34);
    }
  });

  // cjpeg-made fixtures (see fixtures/make-fixtures.sh): sampling sharp cannot write, and restart
  // intervals. 97x61 px, so every scale also exercises partial MCUs at the right and bottom edge;
  // their fine texture makes the reduced scales differ more from lanczos3, hence lower floors.
  it.each([
    ["s422.jpg", 40],
    ["s440.jpg", 38],
    ["s411.jpg", 55],
    ["restart-baseline.jpg", 36],
    ["restart-progressive.jpg", 36],
  ])("%s", async (name, fullScaleMin) => {
    const jpeg = fixture(name);
    expect(await psnrAtScale(jpeg, 8)).toBeGreaterThan(fullScaleMin);
    expect(await psnrAtScale(jpeg, 4)).toBeGreaterThan(28);
    expect(await psnrAtScale(jpeg, 2)).toBeGreaterThan(21);
    expect(await psnrAtScale(jpeg, 1)).toBeGreaterThan(17);
  });

  it("restart fixtures really contain restart markers", () => {
    for (const name of ["restart-baseline.jpg", "restart-progressive.jpg"]) {
      const jpeg = fixture(name);
      expect(jpeg.includes(Buffer.from([0xff, 0xdd]))).toBe(true); // DRI
      expect(jpeg.includes(Buffer.from([0xff, 0xd1]))).toBe(true); // RST1
    }
  });

  it("decodes Adobe CMYK (stored inverted) to the naive RGB of sharp's CMYK channels", async () => {
    const jpeg = await sharp(rgb, RAW).toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(jpeg).metadata()).space).toBe("cmyk");
    // pipelineColourspace keeps sharp in CMYK: its decoded channels, without an ICC round trip.
    const cmyk = await sharp(jpeg).pipelineColourspace("cmyk").toColourspace("cmyk").raw().toBuffer();
    // Ink values 0..255 -> RGB without a colour profile: R = (255 - C)(255 - K) / 255.
    const expected = Buffer.alloc((cmyk.length / 4) * 3);
    for (let i = 0, o = 0; i < cmyk.length; i += 4, o += 3) {
      const k = 255 - cmyk[i + 3];
      for (let c = 0; c < 3; c++) expected[o + c] = Math.round(((255 - cmyk[i + c]) * k) / 255);
    }
    const decoded = decodeJpeg(jpeg);
    expect(psnr(decoded.data, 4, expected, 3)).toBeGreaterThan(55);
  });

  it("fills alpha with 255", async () => {
    const decoded = decodeJpeg(await sharp(rgb, RAW).jpeg().toBuffer(), { scale: 4 });
    for (let i = 3; i < decoded.data.length; i += 4) if (decoded.data[i] !== 255) throw new Error(`alpha ${decoded.data[i]} at ${i}`);
  });
});

describe("idct8", () => {
  it("matches the DCT definition on random coefficients", () => {
    const quant = new Uint16Array(64).fill(1);
    const mult = idctMultipliers(quant, 8);
    let seed = 42;
    for (let trial = 0; trial < 50; trial++) {
      const coefs = new Int16Array(64);
      for (let i = 0; i < 64; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        // Mostly small values, sometimes zero columns, like real blocks.
        coefs[i] = i === 0 ? (seed % 1200) - 600 : seed % 3 === 0 ? 0 : (seed % 81) - 40;
      }
      const out = new Uint8ClampedArray(64);
      idct8(coefs, 0, mult, out, 0, 8);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          let sum = 0;
          for (let v = 0; v < 8; v++) {
            for (let u = 0; u < 8; u++) {
              const cu = u === 0 ? Math.SQRT1_2 : 1;
              const cv = v === 0 ? Math.SQRT1_2 : 1;
              sum += cu * cv * coefs[v * 8 + u] * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
            }
          }
          const exact = Math.min(255, Math.max(0, sum / 4 + 128));
          expect(Math.abs(out[y * 8 + x] - exact)).toBeLessThanOrEqual(0.51);
        }
      }
    }
  });
});

/** The scales a 4:2:0 image allows. */
const yuv420 = scalesFor([
  { h: 2, v: 2 },
  { h: 1, v: 1 },
  { h: 1, v: 1 },
]);

describe("scaleToCover picks the largest reduction that never goes below the fitted size", () => {
  it("4:2:0 allows 1, 2, 3, 4 and 8 eighths (5-7 would upsample chroma by 10/8..14/8)", () => {
    expect(yuv420).toEqual([1, 2, 3, 4, 8]);
    expect(
      scalesFor([
        { h: 1, v: 1 },
        { h: 1, v: 1 },
        { h: 1, v: 1 },
      ]),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // 4:2:2 chroma decodes at the luma block size and doubles horizontally: any scale works.
    expect(
      scalesFor([
        { h: 2, v: 1 },
        { h: 1, v: 1 },
        { h: 1, v: 1 },
      ]),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(
      scalesFor([
        { h: 4, v: 1 },
        { h: 1, v: 1 },
        { h: 1, v: 1 },
      ]),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(
      scalesFor([
        { h: 4, v: 2 },
        { h: 1, v: 1 },
        { h: 1, v: 1 },
      ]),
    ).toEqual([1, 2, 3, 4, 8]);
  });

  it.each([
    // [width, height, box, scale in eighths]: 4000 * 2/8 = 1000 < 1024, so 12 MP needs 3/8
    [4000, 3000, 1024, 3],
    [6000, 4000, 1024, 2],
    [3000, 4000, 1024, 3],
    [1732, 1155, 1024, 8], // 4/8 = 866 < 1024 and 5/8 is not available with 4:2:0
    [2048, 1536, 1024, 4],
    [8192, 8192, 1024, 1],
    [640, 480, 1024, 8],
    [4000, 3000, 256, 1],
  ])("4:2:0 %i x %i into %i -> %i/8", (width, height, box, scale) => {
    expect(scaleToCover(width, height, { width: box, height: box }, yuv420)).toBe(scale);
  });

  it("uses the finer eighths when the sampling allows them", () => {
    expect(scaleToCover(1732, 1155, { width: 1024, height: 1024 })).toBe(5);
  });
});

describe("scaleForMinSize keeps both sides at least the minimum", () => {
  it.each([
    [4000, 3000, 1024, 768, 3],
    [4000, 3000, 1000, 750, 2], // exactly 2/8: still enough
    [4000, 3000, 1001, 750, 3],
    [3000, 4000, 768, 1024, 3],
    [6000, 4000, 1024, 683, 2],
    [1001, 1001, 1, 1, 1],
    [1728, 1152, 1024, 683, 8],
  ])("%i x %i, at least %i x %i -> %i/8 (4:2:0)", (width, height, minWidth, minHeight, scale) => {
    expect(scaleForMinSize(width, height, { width: minWidth, height: minHeight }, yuv420)).toBe(scale);
  });

  it("decodes at that scale when given minSize", async () => {
    const jpeg = await sharp(photoLikeRgb(WIDTH, HEIGHT, 9), RAW)
      .jpeg()
      .toBuffer();
    const decoded = decodeJpeg(jpeg, { minSize: { width: 120, height: 90 } });
    expect([decoded.scale, decoded.width, decoded.height, decoded.fullWidth, decoded.fullHeight]).toEqual([2, 120, 90, WIDTH, HEIGHT]);
    const finer = decodeJpeg(jpeg, { minSize: { width: 150, height: 100 } });
    expect([finer.scale, finer.width, finer.height]).toEqual([3, 180, 135]);
  });

  it("refuses a scale the sampling cannot give", async () => {
    const jpeg = await sharp(photoLikeRgb(WIDTH, HEIGHT, 9), RAW)
      .jpeg()
      .toBuffer();
    expect(() => decodeJpeg(jpeg, { scale: 5 })).toThrow(/cannot be decoded at 5\/8/);
  });
});

describe("bad input raises JpegError", () => {
  let jpeg: Buffer;
  let progressive: Buffer;
  beforeAll(async () => {
    const rgb = photoLikeRgb(WIDTH, HEIGHT, 5);
    jpeg = await sharp(rgb, RAW).jpeg().toBuffer();
    progressive = await sharp(rgb, RAW).jpeg({ progressive: true }).toBuffer();
  });

  it.each([
    ["empty input", () => Buffer.alloc(0), /start-of-image/],
    ["a PNG", () => Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), /start-of-image/],
    ["only the headers", () => jpeg.subarray(0, 300), /truncated|ends/],
    ["cut in the middle of the data", () => jpeg.subarray(0, jpeg.length >> 1), /truncated/],
    ["cut just before the end marker", () => jpeg.subarray(0, jpeg.length - 2), /truncated/],
    ["progressive, cut in the middle", () => progressive.subarray(0, progressive.length >> 1), /truncated/],
    ["12-bit precision", () => withByteAfter(jpeg, 0xc0, 2, 12), /12-bit/],
    ["two components", () => withByteAfter(jpeg, 0xc0, 7, 2), /2 colour components/],
    ["zero width", () => withWordAfter(jpeg, 0xc0, 5, 0), /no width or height/],
    ["arithmetic coding", () => withByteAfter(jpeg, 0xff, 0, 0xc9, 0xc0), /arithmetic/],
  ])("%s", (_name, make, message) => {
    const input = make();
    expect(() => decodeJpeg(input)).toThrow(JpegError);
    expect(() => decodeJpeg(input)).toThrow(message);
  });

  it("refuses a file with more scans than any encoder writes (a CPU-exhaustion vector)", () => {
    // A valid progressive file, then its first AC scan repeated until the limit is passed.
    const sos = progressive.indexOf(Buffer.from([0xff, 0xda]), progressive.indexOf(Buffer.from([0xff, 0xda])) + 2);
    const next = progressive.indexOf(Buffer.from([0xff, 0xda]), sos + 2);
    const header = progressive.subarray(0, sos);
    const scan = progressive.subarray(sos, next);
    const tooMany = Buffer.concat([header, ...new Array<Buffer>(MAX_SCANS + 1).fill(scan), Buffer.from([0xff, 0xd9])]);
    expect(() => decodeJpeg(tooMany)).toThrow(/more than 100 scans/);
    const fine = Buffer.concat([header, ...new Array<Buffer>(MAX_SCANS - 1).fill(scan), Buffer.from([0xff, 0xd9])]);
    expect(decodeJpeg(fine, { scale: 1 }).width).toBe(WIDTH / 8);
  });

  it("refuses more pixels than maxPixels before decoding", () => {
    expect(() => decodeJpeg(jpeg, { maxPixels: WIDTH * HEIGHT - 1 })).toThrow(/more than the 172799 allowed/);
    expect(decodeJpeg(jpeg, { maxPixels: WIDTH * HEIGHT }).width).toBe(WIDTH);
  });

  it("garbage in the entropy data never escapes as anything but JpegError", () => {
    let seed = 7;
    for (let trial = 0; trial < 30; trial++) {
      const copy = Buffer.from(jpeg);
      for (let i = 0; i < 20; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        copy[700 + (seed % (copy.length - 800))] = seed & 0xff;
      }
      try {
        decodeJpeg(copy);
      } catch (error) {
        expect(error).toBeInstanceOf(JpegError);
      }
    }
  });
});

/** Copy of `jpeg` with one byte changed at `offset` bytes after the first `0xFF <marker>`. */
function withByteAfter(jpeg: Buffer, marker: number, offset: number, value: number, match = marker): Buffer {
  const copy = Buffer.from(jpeg);
  const at = marker === 0xff ? copy.indexOf(Buffer.from([0xff, match])) : copy.indexOf(Buffer.from([0xff, marker]));
  copy[at + 2 + offset + (marker === 0xff ? -1 : 0)] = value;
  return copy;
}

function withWordAfter(jpeg: Buffer, marker: number, offset: number, value: number): Buffer {
  const copy = Buffer.from(jpeg);
  copy.writeUInt16BE(value, copy.indexOf(Buffer.from([0xff, marker])) + 2 + offset);
  return copy;
}
