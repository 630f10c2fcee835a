/**
 * Regenerates the committed image fixtures in __tests__/fixtures/images/ (CI does not run this;
 * the outputs are committed). Run: npx ts-node --transpile-only scripts/make-fixtures.ts
 *
 * Every image shows the same 32x24 pattern when displayed correctly: four quadrants, red at
 * top left, green at top right, blue at bottom left, white at bottom right, so a test can tell
 * any rotation or mirror apart by sampling four pixels. sharp (libvips) writes the files and,
 * for the EXIF set, checks that its own auto-orientation shows the pattern upright, so the
 * fixtures do not depend on the handler's orientation code they are meant to test.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp, { type Sharp } from "sharp";
import { Jimp } from "jimp";

const OUT = join(__dirname, "..", "__tests__", "fixtures", "images");
const WIDTH = 32;
const HEIGHT = 24;
const QUADRANTS = { topLeft: [255, 0, 0], topRight: [0, 255, 0], bottomLeft: [0, 0, 255], bottomRight: [255, 255, 255] } as const;

function pattern(channels: 3 | 4, alpha?: (x: number, y: number) => number): Buffer {
  const data = Buffer.alloc(WIDTH * HEIGHT * channels);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const colour = y < HEIGHT / 2 ? (x < WIDTH / 2 ? QUADRANTS.topLeft : QUADRANTS.topRight) : x < WIDTH / 2 ? QUADRANTS.bottomLeft : QUADRANTS.bottomRight;
      const i = (y * WIDTH + x) * channels;
      data[i] = colour[0];
      data[i + 1] = colour[1];
      data[i + 2] = colour[2];
      if (channels === 4) data[i + 3] = alpha ? alpha(x, y) : 255;
    }
  }
  return data;
}

const upright = () => sharp(pattern(3), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });

/** One sharp step per call, so the order of rotate and flop is explicit. */
async function stored(orientation: number): Promise<Sharp> {
  const steps: Record<number, ((s: Sharp) => Sharp)[]> = {
    1: [],
    2: [(s) => s.flop()],
    3: [(s) => s.rotate(180)],
    4: [(s) => s.flip()],
    5: [(s) => s.rotate(90), (s) => s.flop()],
    6: [(s) => s.rotate(270)],
    7: [(s) => s.rotate(270), (s) => s.flop()],
    8: [(s) => s.rotate(90)],
  };
  let image = upright();
  for (const step of steps[orientation]) {
    const { data, info } = await step(image).raw().toBuffer({ resolveWithObject: true });
    image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels as 3 } });
  }
  return image;
}

async function assertUpright(file: string): Promise<void> {
  const { data, info } = await sharp(file).autoOrient().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
  const close = (a: number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - b[i]) < 40);
  const ok =
    info.width === WIDTH &&
    info.height === HEIGHT &&
    close(at(8, 6), QUADRANTS.topLeft) &&
    close(at(24, 6), QUADRANTS.topRight) &&
    close(at(8, 18), QUADRANTS.bottomLeft) &&
    close(at(24, 18), QUADRANTS.bottomRight);
  if (!ok) throw new Error(`${file}: sharp does not display it upright`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const file = (name: string) => join(OUT, name);

  for (let orientation = 1; orientation <= 8; orientation++) {
    const name = file(`orientation-${orientation}.jpg`);
    await (await stored(orientation)).jpeg({ quality: 95 }).withMetadata({ orientation }).toFile(name);
    await assertUpright(name);
  }
  // EXIF with GPS and a camera make, to prove outputs carry none of it.
  await upright()
    .jpeg({ quality: 95 })
    .withExif({ IFD0: { Make: "FixtureCam", Copyright: "fixture" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 29/1" } })
    .toFile(file("exif-gps.jpg"));
  await upright().jpeg({ quality: 95, progressive: true }).toFile(file("progressive.jpg"));
  await upright().toColourspace("b-w").jpeg({ quality: 95 }).toFile(file("grayscale.jpg"));
  await upright().toColourspace("cmyk").jpeg({ quality: 95 }).toFile(file("cmyk.jpg"));
  // Left half opaque, right half fully transparent.
  const withAlpha = pattern(4, (x) => (x < WIDTH / 2 ? 255 : 0));
  await sharp(withAlpha, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } })
    .png()
    .toFile(file("alpha.png"));
  await upright().toColourspace("rgb16").png().toFile(file("rgb16.png"));
  await upright().png({ palette: true, colours: 8 }).toFile(file("palette.png"));
  await upright().gif().toFile(file("pattern.gif"));
  await upright().tiff({ compression: "lzw" }).toFile(file("pattern.tiff"));
  // sharp cannot write BMP; jimp's encoder (bmp-ts) can.
  const bmp = await new Jimp({ data: pattern(4), width: WIDTH, height: HEIGHT }).getBuffer("image/bmp");
  writeFileSync(file("pattern.bmp"), bmp);
  console.log(`fixtures written to ${OUT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
