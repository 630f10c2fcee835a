import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import sharp from "sharp";
import { packageRoot } from "../components/package-root";
import { photoLikeRgb } from "./synthetic";

/** One benchmark input: what it is, and how to make it from the seeded generator. */
export interface BenchInput {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly format: "jpeg" | "png";
  /** EXIF orientation written into the file (1 = none). */
  readonly orientation: number;
  readonly seed: number;
  /** JPEG only: progressive, and the chroma sampling (default baseline 4:2:0, as phones write). */
  readonly progressive?: boolean;
  readonly chroma?: "4:2:0" | "4:4:4";
  /** JPEG only: written as CMYK (Adobe), the heaviest colour path. */
  readonly cmyk?: boolean;
  /** Not in the default run; ask for it with --inputs. */
  readonly optional?: boolean;
}

/** The default set: 2, 12 and 24 MP JPEG, a 12 MP PNG, a 12 MP JPEG with EXIF orientation 6. */
export const BENCH_INPUTS: readonly BenchInput[] = [
  { name: "jpeg-2mp", width: 1728, height: 1152, format: "jpeg", orientation: 1, seed: 2 },
  { name: "jpeg-12mp", width: 4000, height: 3000, format: "jpeg", orientation: 1, seed: 12 },
  { name: "jpeg-24mp", width: 6000, height: 4000, format: "jpeg", orientation: 1, seed: 24 },
  { name: "png-12mp", width: 4000, height: 3000, format: "png", orientation: 1, seed: 13 },
  { name: "jpeg-12mp-exif6", width: 4000, height: 3000, format: "jpeg", orientation: 6, seed: 14 },
  // Progressive files keep every coefficient until the last scan: the memory worst case.
  { name: "jpeg-12mp-progressive", width: 4000, height: 3000, format: "jpeg", orientation: 1, seed: 12, progressive: true, optional: true },
  { name: "jpeg-24mp-progressive-444", width: 6000, height: 4000, format: "jpeg", orientation: 1, seed: 24, progressive: true, chroma: "4:4:4", optional: true },
  // 40 MP, the default pixel limit: peak memory against the 512 MB function (see docs/image-formats.md).
  { name: "jpeg-40mp", width: 7744, height: 5164, format: "jpeg", orientation: 1, seed: 40, optional: true },
  { name: "jpeg-40mp-progressive-444", width: 7744, height: 5164, format: "jpeg", orientation: 1, seed: 40, progressive: true, chroma: "4:4:4", optional: true },
  // 40 MP progressive CMYK is over the decode memory budget (refused); this is about the largest accepted.
  { name: "jpeg-32mp-progressive-cmyk", width: 6912, height: 4608, format: "jpeg", orientation: 1, seed: 32, progressive: true, chroma: "4:4:4", cmyk: true, optional: true },
];

/** Camera-like settings: quality 90, 4:2:0, baseline (what most phones write). */
const JPEG_OPTIONS = { quality: 90, chromaSubsampling: "4:2:0", mozjpeg: false } as const;

function jpegOptions(input: BenchInput) {
  return { ...JPEG_OPTIONS, progressive: input.progressive ?? false, chromaSubsampling: input.chroma ?? JPEG_OPTIONS.chromaSubsampling };
}

/** A stable file name: any change to the recipe (or the generator's source) makes a new file. */
function cacheKey(input: BenchInput): string {
  const generator = fs.readFileSync(path.join(packageRoot(__dirname), "bench", "synthetic.ts"), "utf8");
  const recipe = JSON.stringify({ input, options: jpegOptions(input), generator, sharp: sharp.versions });
  return crypto.createHash("sha256").update(recipe).digest("hex").slice(0, 12);
}

/** Encodes one input (deterministic: same seed and sharp version, same bytes). */
export async function encodeInput(input: BenchInput): Promise<Buffer> {
  const rgb = photoLikeRgb(input.width, input.height, input.seed);
  let image = sharp(rgb, { raw: { width: input.width, height: input.height, channels: 3 } });
  if (input.orientation !== 1) image = image.withMetadata({ orientation: input.orientation });
  if (input.cmyk) image = image.toColourspace("cmyk");
  return input.format === "png" ? image.png({ compressionLevel: 6 }).toBuffer() : image.jpeg(jpegOptions(input)).toBuffer();
}

/** Writes the named inputs under `dir` (once; later runs reuse the files) and returns their paths. */
export async function ensureInputs(dir: string, names: readonly string[]): Promise<Map<string, string>> {
  fs.mkdirSync(dir, { recursive: true });
  const paths = new Map<string, string>();
  for (const input of BENCH_INPUTS.filter((i) => names.includes(i.name))) {
    const file = path.join(dir, `${input.name}-${cacheKey(input)}.${input.format === "png" ? "png" : "jpg"}`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, await encodeInput(input));
    paths.set(input.name, file);
  }
  return paths;
}
