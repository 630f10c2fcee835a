/**
 * One measured job in a fresh process: `node worker.js <impl> <input file> <build dir> [warm repeats]`.
 * impl is `handler` (the handler's image core, as packaged), `sharp` (libvips: the native
 * reference) or `jimp` (plain jimp defaults). Prints one JSON line with this process's figures;
 * whole-process CPU and peak RSS include Node's start-up and the imports, as a cold Lambda pays.
 *
 * Runs as prebuilt JavaScript (dist/app, no ts-node), so compilation never counts as job time.
 */
import * as fs from "fs";
import * as path from "path";
import type SharpType from "sharp";

const VARIANTS = [
  { name: "1024", maxWidth: 1024, maxHeight: 1024 },
  { name: "256", maxWidth: 256, maxHeight: 256 },
];
const JPEG_QUALITY = 80;

type Job = (input: Buffer) => Promise<Buffer[]>;

/** The handler's image core as the Lambda archive carries it: the bundle in `buildDir`. */
function loadHandler(buildDir: string): Job {
  const core = require(path.join(buildDir, "index.js")) as typeof import("../handlers");
  return async (input) => {
    const result = await core.processImage(input, {
      variants: VARIANTS,
      jpegQuality: JPEG_QUALITY,
      maxBytes: 64 * 1024 * 1024,
      maxPixels: 100_000_000,
    });
    return result.variants.map((v) => v.data);
  };
}

function loadSharp(): Job {
  const sharp = require("sharp") as typeof SharpType;
  // libvips' idiom: one pipeline per output, each with shrink-on-load; rotate() applies EXIF.
  return async (input) =>
    Promise.all(VARIANTS.map((v) => sharp(input).rotate().resize(v.maxWidth, v.maxHeight, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: JPEG_QUALITY }).toBuffer()));
}

function loadJimp(): Job {
  const { Jimp } = require("jimp") as typeof import("jimp");
  // The defaults a newcomer would write: read (decodes and EXIF-rotates), scale, encode.
  return async (input) => {
    const image = await Jimp.read(input);
    const outputs: Buffer[] = [];
    for (const v of VARIANTS) {
      const copy = image.clone();
      copy.scaleToFit({ w: v.maxWidth, h: v.maxHeight });
      outputs.push(await copy.getBuffer("image/jpeg", { quality: JPEG_QUALITY }));
    }
    return outputs;
  };
}

/**
 * Peak RSS of this program, in MiB. Linux's getrusage maxRSS also counts the parent's memory
 * copied by fork() before exec (the bench runner's, which can be larger than the job's), so use
 * the address space's own high-water mark, VmHWM, where /proc exists.
 */
function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const [impl, inputFile, buildDir, warmRepeats = "2"] = process.argv.slice(2);
  const input = fs.readFileSync(inputFile);
  const importStart = process.hrtime.bigint();
  const job = impl === "handler" ? loadHandler(buildDir) : impl === "sharp" ? loadSharp() : impl === "jimp" ? loadJimp() : null;
  if (!job) throw new Error(`unknown implementation "${impl}": use handler, sharp or jimp`);
  const importMs = Number(process.hrtime.bigint() - importStart) / 1e6;
  const cpuBefore = process.cpuUsage();
  const jobStart = process.hrtime.bigint();
  const outputs = await job(input);
  const jobWallMs = Number(process.hrtime.bigint() - jobStart) / 1e6;
  const jobCpu = process.cpuUsage(cpuBefore);
  const usage = process.resourceUsage();
  const peakRss = peakRssMiB();
  // Then the same job again in this now-warm process (JIT-compiled, imports done): what a reused
  // Lambda container spends per image. Measured after the cold figures, so it cannot affect them.
  const warm: number[] = [];
  for (let i = 0; i < Number(warmRepeats); i++) {
    const before = process.cpuUsage();
    await job(input);
    const used = process.cpuUsage(before);
    warm.push((used.user + used.system) / 1000);
  }
  process.stdout.write(
    `${JSON.stringify({
      impl,
      importMs,
      jobWallMs,
      jobCpuMs: (jobCpu.user + jobCpu.system) / 1000,
      warmJobCpuMs: warm.length ? warm.sort((a, b) => a - b)[warm.length >> 1] : null,
      processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      maxRssMiB: peakRss,
      outputBytes: outputs.map((o) => o.length),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
