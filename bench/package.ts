import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { unzipSync } from "fflate";
import type { SdkSource } from "../components/handler-build";
import { BUILT_APP_DIR } from "../components/package-root";
import { IMPORT_RUNS, median, type PackageFigures } from "../tools/package";

/**
 * The Lambda package as the stack really builds it, through `npm run package` (the program under
 * Pulumi mocks, the function's serialized archive, zipped, cold-imported from /tmp), once per AWS
 * SDK source; then the zipped archive's image core is run from /tmp on one file per format.
 */
export interface PackageReport {
  readonly bundled: PackageFigures;
  readonly runtime: PackageFigures;
  /** The packaged image core, run from an extracted copy of the zip: what it decoded. */
  readonly smoke: { readonly file: string; readonly width: number; readonly height: number }[];
  /**
   * CPU (user+sys) of `require("./__index.js")` in fresh processes, median of 5, default archive:
   * less sensitive than wall time to other users of the machine.
   */
  readonly coldImportCpuMs: number;
}

/** One small file per format the pipeline reads, to run through the packaged image core. */
const SMOKE_FILES = ["progressive.jpg", "cmyk.jpg", "palette.png", "pattern.gif", "pattern.bmp", "pattern.tiff"];

function packageFigures(projectDir: string, sdk: SdkSource): PackageFigures {
  const tool = path.join(projectDir, BUILT_APP_DIR, "tools", "package.js");
  const run = spawnSync(process.execPath, [tool, "--json", "--sdk", sdk], { cwd: projectDir, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm run package -- --sdk ${sdk} failed:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout) as PackageFigures;
}

/** Extracts `zipFile` under the OS temp dir (inside the project Node would find missing packages). */
function extractZip(zipFile: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sip-bench-package-"));
  for (const [name, data] of Object.entries(unzipSync(fs.readFileSync(zipFile)))) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

function coldImportCpuMs(dir: string, runs: number): number {
  const script = "const c=process.cpuUsage();require('./__index.js');const u=process.cpuUsage(c);process.stdout.write(String((u.user+u.system)/1000))";
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const run = spawnSync(process.execPath, ["-e", script], { cwd: dir, env: { PATH: process.env.PATH, AWS_REGION: "us-east-1" }, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`the packaged handler failed to import from ${dir}:\n${run.stderr.slice(-2000)}`);
    if (i > 0) times.push(Number(run.stdout));
  }
  return median(times);
}

/**
 * Runs the extracted archive's image core on SMOKE_FILES in a fresh process whose working
 * directory is the copy; fails if it loaded any module from outside it.
 */
function smokeTest(dir: string, fixturesDir: string): PackageReport["smoke"] {
  const script = `
    const fs = require("fs");
    const { processImage } = require("./.build/handler/index.js");
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
  return JSON.parse(run.stdout) as PackageReport["smoke"];
}

export function measurePackage(projectDir: string, zipFile: string, fixturesDir: string): PackageReport {
  // The default (bundled) last, so .build/lambda.zip is left as the program builds it by default.
  const runtime = packageFigures(projectDir, "runtime");
  const bundled = packageFigures(projectDir, "bundled");
  const dir = extractZip(zipFile);
  try {
    return { bundled, runtime, smoke: smokeTest(dir, fixturesDir), coldImportCpuMs: coldImportCpuMs(dir, IMPORT_RUNS) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
