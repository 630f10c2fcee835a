/**
 * Differential conformance against Pillow (libpng, libjpeg-turbo, libtiff and Pillow's own BMP
 * and GIF readers), installed into .venv by scripts/python-env.sh from requirements-dev.txt; a
 * test tool only, nothing of it ships. scripts/conformance_corpus.py writes one 67x45 picture in
 * every encoding below with Pillow's decode as reference; each of our decodes must match it by
 * RMSE (0-255 per RGBA channel): lossless formats within rounding (0.5), JPEG within the
 * reference's own loss against the source (at least 1.0): no farther from libjpeg's decode than
 * libjpeg's decode is to the original. Subsampled JPEG differs most (our chroma upsampling is not
 * libjpeg's "fancy" triangle filter); docs/image-formats.md lists the measured values.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeImage } from "../../handlers/image/decode";
import { readHeader } from "../../handlers/image/header";
import { sniffFormat } from "../../handlers/image/sniff";

const ROOT = join(__dirname, "..", "..");
const LOSSLESS_RMSE = 0.5;

interface Entry {
  readonly name: string;
  readonly format: string;
  readonly file: string;
  readonly reference: string;
  readonly width: number;
  readonly height: number;
  readonly referenceLoss: number;
}

let dir = "";
let manifest: Entry[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "conformance-"));
  try {
    execFileSync("bash", [join(ROOT, "scripts", "python-env.sh")], { stdio: ["ignore", "ignore", "pipe"] });
    execFileSync(join(ROOT, ".venv", "bin", "python"), [join(ROOT, "scripts", "conformance_corpus.py"), dir], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`The reference decoder (Pillow, from requirements-dev.txt via scripts/python-env.sh) is missing or failed: ${stderr}`);
  }
  manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Entry[];
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rmse(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum / a.length);
}

export function threshold(entry: Pick<Entry, "format" | "referenceLoss">): number {
  return entry.format === "jpeg" ? Math.max(1, entry.referenceLoss) : LOSSLESS_RMSE;
}

describe("decodes match Pillow's", () => {
  it("the corpus covers every format with many encodings", () => {
    const perFormat = new Map<string, number>();
    for (const entry of manifest) perFormat.set(entry.format, (perFormat.get(entry.format) ?? 0) + 1);
    expect(Object.fromEntries(perFormat)).toEqual({ png: 10, bmp: 4, tiff: 5, gif: 1, jpeg: 9 });
  });

  it("every encoding within its threshold", async () => {
    const results: string[] = [];
    for (const entry of manifest) {
      const file = readFileSync(join(dir, entry.file));
      const header = readHeader(file, sniffFormat(file));
      const bitmap = await decodeImage(file, header, { maxPixels: 1e6, largestTarget: { width: entry.width, height: entry.height } });
      expect([bitmap.width, bitmap.height]).toEqual([entry.width, entry.height]);
      const error = rmse(bitmap.data, readFileSync(join(dir, entry.reference)));
      if (error > threshold(entry)) results.push(`${entry.name}: RMSE ${error.toFixed(3)} > ${threshold(entry).toFixed(3)}`);
      if (process.env.CONFORMANCE_REPORT) process.stdout.write(`${entry.name} rmse=${error.toFixed(3)} threshold=${threshold(entry).toFixed(3)}\n`);
    }
    expect(results).toEqual([]);
  });
});
