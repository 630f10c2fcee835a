import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { seededRandom } from "../../bench/synthetic";
import { isImageRejection } from "../../handlers/image/errors";
import { processImage, type ProcessOptions } from "../../handlers/image/process";

/**
 * A seeded mutation fuzzer over the image core: every decoder (JPEG, PNG, GIF, BMP, TIFF)
 * in-process through `processImage`, each case with a time limit (the decoders' deadline, and a
 * wall-clock check) and a memory limit (growth of the process's resident set). A case fails
 * ("crash") when the core throws anything but an `ImageRejection`, or overruns either limit.
 * The same seed gives the same cases, so a crash reproduces from (seed, case number) or from the
 * saved file in CRASH_DIR, which the regression test replays.
 */

export const FIXTURE_DIR = join(__dirname, "..", "..", "__tests__", "fixtures", "images");
export const CRASH_DIR = join(__dirname, "..", "..", "__tests__", "fixtures", "fuzz-crashes");

export interface FuzzLimits {
  /** Per case: the decoders' deadline. */
  readonly caseMs: number;
  /**
   * Per case: the wall-clock limit, for code the deadline cannot interrupt (utif2, omggif). Generous,
   * since two shared cores and GC pauses make wall time noisy; a real hang is endless.
   */
  readonly caseWallMs: number;
  /** Per case: the most the resident set may grow, MiB. */
  readonly caseMemoryMiB: number;
}

export const DEFAULT_LIMITS: FuzzLimits = { caseMs: 2_000, caseWallMs: 15_000, caseMemoryMiB: 128 };

/** Small limits keep every accepted mutant cheap; the header guard rejects the rest. */
const PROCESS: ProcessOptions = {
  maxBytes: 4 * 1024 * 1024,
  maxPixels: 4_000_000,
  jpegQuality: 80,
  variants: [
    { name: "medium", maxWidth: 64, maxHeight: 64 },
    { name: "small", maxWidth: 16, maxHeight: 16 },
  ],
};

export type Outcome = "accepted" | "rejected";

export interface Crash {
  readonly name: string;
  readonly reason: string;
  readonly input: Buffer;
}

/** One case through the core, once: its outcome, or why it is a crash. */
async function runOnce(input: Buffer, limits: FuzzLimits): Promise<{ outcome?: Outcome; crash?: string; overLimit?: boolean }> {
  const rssBefore = process.memoryUsage.rss();
  const started = Date.now();
  let outcome: Outcome | undefined;
  let crash: string | undefined;
  try {
    await processImage(input, { ...PROCESS, decodeDeadline: started + limits.caseMs });
    outcome = "accepted";
  } catch (error) {
    if (isImageRejection(error)) outcome = "rejected";
    else crash = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  if (crash) return { crash };
  const ms = Date.now() - started;
  const grownMiB = (process.memoryUsage.rss() - rssBefore) / 2 ** 20;
  if (ms > limits.caseWallMs) return { crash: `took ${ms} ms (limit ${limits.caseWallMs})`, overLimit: true };
  if (grownMiB > limits.caseMemoryMiB) return { crash: `grew the resident set by ${grownMiB.toFixed(0)} MiB (limit ${limits.caseMemoryMiB})`, overLimit: true };
  return { outcome };
}

/**
 * One case through the core: its outcome, or why it is a crash. Time and resident-set growth are
 * process-wide measures that other work in the process (a test runner's, the GC's) can inflate,
 * so a case over a limit is run again, as fuzzers reproduce a finding before reporting it: a real
 * bomb or hang overruns every time, a one-off spike does not. A thrown error is never retried.
 */
export async function runCase(input: Buffer, limits: FuzzLimits = DEFAULT_LIMITS): Promise<{ outcome?: Outcome; crash?: string }> {
  const first = await runOnce(input, limits);
  if (!first.overLimit) return first.crash ? { crash: first.crash } : { outcome: first.outcome };
  const again = await runOnce(input, limits);
  return again.crash ? { crash: `${again.crash}; first run: ${first.crash}` } : { outcome: again.outcome };
}

const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xfe, 0xff, 8, 16, 32, 64];

/** One to eight mutations: bit flips, interesting bytes and 32-bit values, truncation, splices, duplications. */
export function mutate(seed: Buffer, others: readonly Buffer[], rnd: () => number): Buffer {
  let data = Buffer.from(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const rounds = 1 + pick(8);
  for (let r = 0; r < rounds && data.length > 0; r++) {
    const at = pick(data.length);
    switch (pick(8)) {
      case 0:
        data[at] ^= 1 << pick(8);
        break;
      case 1:
        data[at] = INTERESTING[pick(INTERESTING.length)];
        break;
      case 2:
        if (at + 4 <= data.length) data.writeUInt32BE([0, 1, 0x7fffffff, 0xffffffff, 0x10000, pick(2 ** 32)][pick(6)] >>> 0, at);
        break;
      case 3:
        data = data.subarray(0, Math.max(1, at));
        break;
      case 4: {
        const other = others[pick(others.length)];
        const from = pick(other.length);
        data = Buffer.concat([data.subarray(0, at), other.subarray(from, from + 1 + pick(256))]);
        break;
      }
      case 5: {
        const length = 1 + pick(Math.min(64, data.length - at));
        data = Buffer.concat([data.subarray(0, at + length), data.subarray(at)]);
        break;
      }
      case 6:
        data = Buffer.concat([data.subarray(0, at), data.subarray(Math.min(data.length, at + 1 + pick(64)))]);
        break;
      default:
        data[at] = pick(256);
    }
  }
  return rnd() < 0.5 ? fixPngCrcs(data) : data;
}

/** Rewrites PNG chunk CRCs so mutants get past the CRC check into the decoder proper. */
function fixPngCrcs(data: Buffer): Buffer {
  if (data.length < 8 || data.readUInt32BE(0) !== 0x89504e47) return data;
  for (let offset = 8; offset + 12 <= data.length;) {
    const end = offset + 8 + data.readUInt32BE(offset);
    if (end + 4 > data.length) break;
    data.writeUInt32BE(crc32(data.subarray(offset + 4, end)), end);
    offset = end + 4;
  }
  return data;
}

/** The committed fixtures, every saved crash, and encodings the fixtures lack (LZW/Deflate TIFF, interlaced PNG, RLE8 BMP). */
export async function seeds(): Promise<Buffer[]> {
  const files = readdirSync(FIXTURE_DIR).map((name) => readFileSync(join(FIXTURE_DIR, name)));
  const raw = Buffer.alloc(24 * 16 * 4);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) & 255;
  const image = () => sharp(raw, { raw: { width: 24, height: 16, channels: 4 } });
  const generated = await Promise.all([
    image().tiff({ compression: "lzw" }).toBuffer(),
    image().tiff({ compression: "deflate" }).toBuffer(),
    image().png({ progressive: true }).toBuffer(),
    image().png({ palette: true, progressive: true }).toBuffer(),
    image().jpeg({ progressive: true, chromaSubsampling: "4:4:4" }).toBuffer(),
  ]);
  return [...files, ...generated, rle8Bmp(), ...savedCrashes().map((c) => c.input)];
}

/** A 4x2 RLE8 BMP with a run, a delta, an absolute block and both escapes. */
function rle8Bmp(): Buffer {
  const data = Buffer.from([3, 1, 0, 0, 0, 3, 2, 1, 2, 0, 0, 1]);
  const out = Buffer.alloc(14 + 40 + 12 + data.length);
  out.write("BM", 0, "latin1");
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(14 + 40 + 12, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(4, 18);
  out.writeInt32LE(2, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(8, 28);
  out.writeUInt32LE(1, 30);
  out.writeUInt32LE(3, 46);
  out.set([0, 0, 0, 0, 0, 0, 255, 0, 255, 0, 0, 0], 54);
  data.copy(out, 66);
  return out;
}

/** Every crash ever found, kept as a regression fixture. */
export function savedCrashes(): Crash[] {
  if (!existsSync(CRASH_DIR)) return [];
  return readdirSync(CRASH_DIR)
    .filter((name) => !name.startsWith("."))
    .sort()
    .map((name) => ({ name, reason: "saved", input: readFileSync(join(CRASH_DIR, name)) }));
}

export function saveCrash(input: Buffer): string {
  mkdirSync(CRASH_DIR, { recursive: true });
  const name = `crash-${createHash("sha256").update(input).digest("hex").slice(0, 16)}.bin`;
  writeFileSync(join(CRASH_DIR, name), input);
  return name;
}

export interface FuzzRun {
  readonly seed: number;
  /** Stop after this many cases ... */
  readonly cases?: number;
  /** ... or at this time (epoch ms), whichever comes first. */
  readonly until?: number;
  readonly limits?: FuzzLimits;
  readonly onCrash?: (crash: Crash) => void;
}

export interface FuzzSummary {
  readonly cases: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly crashes: Crash[];
  readonly ms: number;
}

export async function fuzz(run: FuzzRun): Promise<FuzzSummary> {
  const corpus = await seeds();
  const rnd = seededRandom(run.seed);
  const started = Date.now();
  const crashes: Crash[] = [];
  let accepted = 0;
  let rejected = 0;
  let cases = 0;
  while ((run.cases === undefined || cases < run.cases) && (run.until === undefined || Date.now() < run.until)) {
    const input = mutate(corpus[Math.floor(rnd() * corpus.length)], corpus, rnd);
    const result = await runCase(input, run.limits);
    cases++;
    if (result.outcome === "accepted") accepted++;
    else if (result.outcome === "rejected") rejected++;
    else {
      const crash = { name: `seed ${run.seed} case ${cases}`, reason: result.crash!, input };
      crashes.push(crash);
      run.onCrash?.(crash);
    }
  }
  return { cases, accepted, rejected, crashes, ms: Date.now() - started };
}
