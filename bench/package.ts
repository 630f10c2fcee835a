import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { zipSync, type Zippable } from "fflate";

/**
 * The Lambda package as the stack really builds it: bench/package-archive.ts takes the
 * function's `code` archive from the offline runner (the program under Pulumi mocks), we zip it
 * with fflate (deflate level 6, close to Pulumi's archiver) and import it cold from /tmp.
 */
export interface PackageFigures {
  readonly files: number;
  readonly unzippedBytes: number;
  readonly zippedBytes: number;
  /** Largest top-level entries (packages, the handler build) by zipped size: where the bytes are. */
  readonly largest: { name: string; zippedBytes: number }[];
  /** Median time to `require("./__index.js")` (the serialized callback) in a fresh node process. */
  readonly coldImportMs: number;
  readonly coldImportRunsMs: number[];
  /** Median wall time of that whole fresh process (start-up + import + exit). */
  readonly coldProcessMs: number;
  /** The archive's image core run on one file per input format, from /tmp: what it decoded. */
  readonly smoke: { readonly file: string; readonly width: number; readonly height: number }[];
}

/** One small file per format the pipeline reads, to run through the packaged image core. */
const SMOKE_FILES = ["progressive.jpg", "cmyk.jpg", "palette.png", "pattern.gif", "pattern.bmp", "pattern.tiff"];

/**
 * Runs the archive's image core on SMOKE_FILES in a fresh process whose working directory is the
 * archive, and fails if it loaded any module from outside the archive: a package the stack left
 * out (e.g. through PACKAGES_NEVER_LOADED) that the handler does need would show here.
 */
function smokeTest(dir: string, fixturesDir: string): PackageFigures["smoke"] {
  const core = listFiles(dir).find((f) => f.endsWith("/image/process.js") && !f.startsWith("node_modules/"));
  if (!core) throw new Error("the archive has no image/process.js");
  const script = `
    const fs = require("fs");
    const { processImage } = require(${JSON.stringify(`./${core}`)});
    (async () => {
      const results = [];
      for (const file of ${JSON.stringify(SMOKE_FILES.map((f) => path.join(fixturesDir, f)))}) {
        const out = await processImage(fs.readFileSync(file), { variants: [{ name: "64", maxWidth: 64, maxHeight: 64 }], jpegQuality: 80, maxBytes: 1e7, maxPixels: 1e7 });
        results.push({ file: require("path").basename(file), width: out.width, height: out.height });
      }
      const outside = Object.keys(require.cache).filter((m) => !m.startsWith(process.cwd() + "/"));
      if (outside.length) throw new Error("modules loaded from outside the archive: " + outside.join(", "));
      process.stdout.write(JSON.stringify(results));
    })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: dir, env: { PATH: process.env.PATH }, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`the packaged image core failed in ${dir}:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout) as PackageFigures["smoke"];
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), name) : [name];
  });
}

function topLevel(name: string): string {
  const parts = name.split("/");
  if (parts[0] !== "node_modules") return parts.length > 1 ? parts.slice(0, -1).join("/") : parts[0];
  return parts[1].startsWith("@") ? `${parts[1]}/${parts[2]}` : parts[1];
}

/** Extracts the archive (under the OS temp dir: inside the project Node would find missing packages). */
export function extractPackage(projectDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sip-bench-package-"));
  const tsNode = path.join(projectDir, "node_modules", "ts-node", "dist", "bin.js");
  const run = spawnSync(process.execPath, [tsNode, "--transpile-only", path.join("bench", "package-archive.ts"), dir], {
    cwd: projectDir,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`could not take the Lambda archive from the offline runner:\n${run.stderr.slice(-2000)}`);
  return dir;
}

export function measurePackage(dir: string, importRuns: number, fixturesDir: string): PackageFigures {
  const smoke = smokeTest(dir, fixturesDir);
  const names = listFiles(dir);
  const tree: Zippable = {};
  let unzippedBytes = 0;
  for (const name of names) {
    const data = fs.readFileSync(path.join(dir, name));
    tree[name] = [data, { level: 6 }];
    unzippedBytes += data.length;
  }
  const zippedBytes = zipSync(tree).length;
  // Per-entry zipped sizes: each group zipped on its own (headers included), to rank them.
  const groups = new Map<string, Zippable>();
  for (const name of names) {
    const group = groups.get(topLevel(name)) ?? {};
    group[name] = tree[name];
    groups.set(topLevel(name), group);
  }
  const largest = [...groups]
    .map(([name, files]) => ({ name, zippedBytes: zipSync(files).length }))
    .sort((a, b) => b.zippedBytes - a.zippedBytes)
    .slice(0, 10);

  const script =
    "const t=process.hrtime.bigint();require('./__index.js');" +
    "process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";
  const imports: number[] = [];
  const processes: number[] = [];
  for (let i = 0; i <= importRuns; i++) {
    const start = process.hrtime.bigint();
    // Only PATH and a region, as on Lambda: nothing of this process leaks in.
    const run = spawnSync(process.execPath, ["-e", script], { cwd: dir, env: { PATH: process.env.PATH, AWS_REGION: "us-east-1" }, encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`the packaged handler failed to import from ${dir}:\n${run.stderr.slice(-2000)}`);
    if (i === 0) continue; // warm-up: fills the OS file cache, as a Lambda's local disk would be
    imports.push(Number(run.stdout));
    processes.push(wall);
  }
  return {
    files: names.length,
    unzippedBytes,
    zippedBytes,
    largest,
    coldImportMs: median(imports),
    coldImportRunsMs: imports,
    coldProcessMs: median(processes),
    smoke,
  };
}
