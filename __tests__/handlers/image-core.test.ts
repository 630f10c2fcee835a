/**
 * The image core on real files: committed fixtures (made by scripts/make-fixtures.ts with
 * sharp) and images generated here with jimp. Outputs are inspected with sharp, an independent
 * decoder, so these tests do not trust the handler's own codecs to grade themselves.
 */
import { processImage, type ProcessOptions } from "../../handlers/image/process";
import { fixture, inspect, isUpright, jpegSegments, makeJpeg, makePng, pngChunks, quadrants, near, RED, BLUE } from "./support/images";

// Real image work on a shared 2-core machine: jest's 5 s default is too tight under load.
jest.setTimeout(30_000);

const options = (overrides: Partial<ProcessOptions> = {}): ProcessOptions => ({
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 40_000_000,
  jpegQuality: 80,
  variants: [
    { name: "1024", maxWidth: 1024, maxHeight: 1024 },
    { name: "16", maxWidth: 16, maxHeight: 16 },
  ],
  ...overrides,
});

describe("EXIF orientation (pixel-checked)", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("orientation %i is displayed upright, at full size and downscaled", async (orientation) => {
    const result = await processImage(fixture(`orientation-${orientation}.jpg`), options());
    expect(result).toMatchObject({ format: "jpeg", width: 32, height: 24 });
    const [full, small] = result.variants;
    const fullImage = await inspect(full.data);
    expect([fullImage.width, fullImage.height, full.width, full.height]).toEqual([32, 24, 32, 24]);
    expect(isUpright(fullImage)).toBe(true);
    const smallImage = await inspect(small.data);
    expect([smallImage.width, smallImage.height, small.width, small.height]).toEqual([16, 12, 16, 12]);
    expect(isUpright(smallImage)).toBe(true);
  });
});

describe("metadata is stripped", () => {
  it("a JPEG with EXIF (GPS, camera make) and no resize needed comes out with no APP1 segment", async () => {
    const source = fixture("exif-gps.jpg");
    expect(jpegSegments(source)).toContain("APP1"); // the fixture really carries EXIF
    const result = await processImage(source, options({ variants: [{ name: "1024", maxWidth: 1024, maxHeight: 1024 }] }));
    const out = result.variants[0].data;
    expect(jpegSegments(out).filter((s) => s.startsWith("APP"))).toEqual(["APP0"]); // JFIF only
    expect(out.includes(Buffer.from("Exif"))).toBe(false);
    expect(out.includes(Buffer.from("FixtureCam"))).toBe(false);
  });

  it("a PNG output has only image chunks: no tEXt, iTXt, zTXt, eXIf or tIME", async () => {
    const result = await processImage(fixture("alpha.png"), options());
    for (const variant of result.variants) {
      expect(pngChunks(variant.data).filter((t) => t !== "IDAT")).toEqual(["IHDR", "IEND"]);
    }
  });
});

describe("formats", () => {
  it.each([
    ["progressive.jpg", "jpeg"],
    ["grayscale.jpg", "jpeg"],
    ["cmyk.jpg", "jpeg"],
    ["rgb16.png", "png"],
    ["palette.png", "png"],
    ["pattern.gif", "gif"],
    ["pattern.bmp", "bmp"],
    ["pattern.tiff", "tiff"],
  ])("%s decodes as %s and is written as an upright JPEG (opaque source)", async (name, format) => {
    const result = await processImage(fixture(name), options());
    expect(result).toMatchObject({ format, width: 32, height: 24 });
    for (const variant of result.variants) {
      expect(variant).toMatchObject({ format: "jpeg", contentType: "image/jpeg", extension: "jpg" });
      const image = await inspect(variant.data);
      expect(image.format).toBe("jpeg");
      if (name === "grayscale.jpg") {
        // Grey levels as libvips decodes the same source.
        const reference = quadrants(await inspect(fixture(name)));
        expect(quadrants(image).map((p, i) => Math.abs(p[0] - reference[i][0]) <= 12)).toEqual([true, true, true, true]);
      } else if (name === "cmyk.jpg") {
        // jpeg-js converts CMYK without the ICC profile libvips applies, so colours shift; the
        // dominant channel of each quadrant (the orientation and channel order) must still agree.
        const reference = quadrants(await inspect(fixture(name)));
        expect(quadrants(image).map(dominant)).toEqual(reference.map(dominant));
        expect(reference.map(dominant)).toEqual([0, 1, 2, -1]);
      } else {
        expect(isUpright(image)).toBe(true);
      }
    }
  });

  it("a PNG with transparency stays PNG and keeps its alpha", async () => {
    const result = await processImage(fixture("alpha.png"), options());
    const [full] = result.variants;
    expect(full).toMatchObject({ format: "png", contentType: "image/png", extension: "png", width: 32, height: 24 });
    const image = await inspect(full.data);
    expect(image.channels).toBe(4);
    expect(near(image.pixel(4, 4), RED) && image.pixel(4, 4)[3] === 255).toBe(true);
    expect(image.pixel(28, 4)[3]).toBe(0);
    expect(near(image.pixel(4, 20), BLUE)).toBe(true);
  });

  it("an opaque PNG becomes JPEG", async () => {
    const result = await processImage(await makePng(40, 30), options());
    expect(result.variants.map((v) => v.format)).toEqual(["jpeg", "jpeg"]);
  });
});

describe("sizes", () => {
  it("fits a landscape photo inside each box, largest first in the config's order", async () => {
    const result = await processImage(
      await makeJpeg(1500, 1000),
      options({
        variants: [
          { name: "1024", maxWidth: 1024, maxHeight: 1024 },
          { name: "256", maxWidth: 256, maxHeight: 256 },
        ],
      }),
    );
    expect(result.variants.map((v) => [v.name, v.width, v.height])).toEqual([
      ["1024", 1024, 683],
      ["256", 256, 171],
    ]);
    const decoded = await Promise.all(result.variants.map((v) => inspect(v.data)));
    expect(decoded.map((d) => [d.width, d.height])).toEqual([
      [1024, 683],
      [256, 171],
    ]);
  });

  it("fits a portrait image by its height and handles a small box listed first", async () => {
    const result = await processImage(
      await makeJpeg(300, 1200),
      options({
        variants: [
          { name: "100x50", maxWidth: 100, maxHeight: 50 },
          { name: "1024", maxWidth: 1024, maxHeight: 1024 },
        ],
      }),
    );
    expect(result.variants.map((v) => [v.name, v.width, v.height])).toEqual([
      ["100x50", 13, 50],
      ["1024", 256, 1024],
    ]);
  });

  it("never upscales a small image", async () => {
    const result = await processImage(
      await makeJpeg(100, 50),
      options({
        variants: [
          { name: "1024", maxWidth: 1024, maxHeight: 1024 },
          { name: "256", maxWidth: 256, maxHeight: 256 },
        ],
      }),
    );
    expect(result.variants.map((v) => [v.width, v.height])).toEqual([
      [100, 50],
      [100, 50],
    ]);
  });

  it("honours the JPEG quality setting", async () => {
    const source = await makeJpeg(600, 400, 95);
    const one = [{ name: "512", maxWidth: 512, maxHeight: 512 }];
    const low = await processImage(source, options({ variants: one, jpegQuality: 20 }));
    const high = await processImage(source, options({ variants: one, jpegQuality: 95 }));
    expect(low.variants[0].data.length).toBeLessThan(high.variants[0].data.length * 0.6);
  });
});

describe("a valid image is accepted whatever it claims to be", () => {
  it("detects PNG bytes by magic number (the core never sees the key's extension)", async () => {
    const result = await processImage(await makePng(20, 10), options());
    expect(result.format).toBe("png");
  });
});

/** Index of the strongest channel, or -1 for near-white. */
function dominant(rgb: number[]): number {
  if (Math.min(...rgb) > 200) return -1;
  return rgb.indexOf(Math.max(...rgb));
}
