/**
 * The decode memory budget: from the header alone, an image whose decode would not fit the
 * function's memory is refused before any allocation. Headers only: nothing here decodes.
 */
import { ImageRejection } from "../../handlers/image/errors";
import { readHeader } from "../../handlers/image/header";
import { checkDecodeMemory, decodeBytes, DECODE_MEMORY_BUDGET_MIB } from "../../handlers/image/memory-budget";
import { processImage } from "../../handlers/image/process";
import { pngHeaderOnly } from "./support/images";

const W = 7744;
const H = 5164; // 40 MP, the default pixel limit
const THUMB = { width: 1024, height: 1024 };
const MIB = 2 ** 20;

/** A SOF-only JPEG with the given coding and components (h, v sampling). */
function sof(progressive: boolean, sampling: readonly (readonly [number, number])[]): Buffer {
  const body = [8, H >> 8, H & 255, W >> 8, W & 255, sampling.length, ...sampling.flatMap(([h, v], i) => [i + 1, (h << 4) | v, 0])];
  const segment = Buffer.from([0xff, progressive ? 0xc2 : 0xc0, 0, body.length + 2, ...body]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), segment, Buffer.alloc(64)]);
}

const mib = (buffer: Buffer, target = THUMB) => decodeBytes(buffer, readHeader(buffer, buffer[0] === 0xff ? "jpeg" : "png"), target) / MIB;

describe(`decode memory budget (${DECODE_MEMORY_BUDGET_MIB} MiB)`, () => {
  it("40 MP baseline and progressive 4:2:0 / 4:4:4 JPEG fit; progressive CMYK does not", () => {
    expect(
      mib(
        sof(false, [
          [2, 2],
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeLessThan(20); // decoded at 2/8 scale for a 1024 thumbnail
    expect(
      mib(
        sof(true, [
          [2, 2],
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeCloseTo(124, 0);
    expect(
      mib(
        sof(true, [
          [1, 1],
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeLessThan(DECODE_MEMORY_BUDGET_MIB);
    const cmyk = sof(true, [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(mib(cmyk)).toBeGreaterThan(DECODE_MEMORY_BUDGET_MIB);
    expect(() => checkDecodeMemory(cmyk, readHeader(cmyk, "jpeg"), THUMB)).toThrow(
      new ImageRejection(
        "TooManyPixels",
        `The image (progressive JPEG with 4 components, ${W}x${H}) needs about 315 MiB to decode, over the 256 MiB budget; re-save it smaller or as a baseline JPEG.`,
      ),
    );
  });

  it("the output scale counts: a full-size 40 MP baseline decode is 153 MiB", () => {
    expect(
      mib(
        sof(false, [
          [1, 1],
          [1, 1],
          [1, 1],
        ]),
        { width: W, height: H },
      ),
    ).toBeCloseTo(152.6, 0);
  });

  it("a 40 MP 8-bit RGBA PNG (inflated rows plus RGBA) is refused before decoding", async () => {
    const png = pngHeaderOnly(W, H);
    expect(mib(png)).toBeGreaterThan(DECODE_MEMORY_BUDGET_MIB);
    await expect(processImage(png, { maxBytes: 1e6, maxPixels: 40_000_000, jpegQuality: 80, variants: [{ name: "t", maxWidth: 1024, maxHeight: 1024 }] })).rejects.toMatchObject({
      code: "TooManyPixels",
      message: expect.stringMatching(/^The image \(PNG, 7744x5164\) needs about 306 MiB to decode/),
    });
  });
});
