/**
 * `npm run bench -- [--json <file>] [--runs N] [--warmup N] [--inputs a,b] [--impls a,b]
 *                   [--warm-repeats N] [--import-runs N] [--skip-package] [--skip-plan]`
 *
 * Measures the handler's image core against sharp (native libvips, the reference) and plain jimp
 * on deterministic inputs, each job in a fresh process; the Lambda package (zipped size, cold
 * import); the offline plan's run time; and the free-tier capacity that follows. Prints a table;
 * --json writes every figure, ratios to sharp included. See docs/performance.md.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import * as ts from "typescript";
import { buildHandler } from "../components/handler-build";
import { IMAGE_PROCESSOR_DEFAULTS } from "../components/image-processor";
import { BENCH_INPUTS, ensureInputs } from "./inputs";
import { extractPackage, measurePackage, median, type PackageFigures } from "./package";

const PROJECT = path.resolve(__dirname, "..");
const WORK = path.join(PROJECT, ".bench");
const IMPLS = ["handler", "sharp", "jimp"] as const;
type Impl = (typeof IMPLS)[number];

/** Lambda's free tier, and its CPU: 1,769 MB of memory buys one full vCPU, less buys a share. */
const FREE_TIER_GB_SECONDS = 400_000;
const MB_PER_VCPU = 1769;

interface WorkerReport {
  readonly importMs: number;
  readonly jobWallMs: number;
  readonly jobCpuMs: number;
  /** The same job repeated in the same (warm) process: a reused Lambda container. */
  readonly warmJobCpuMs: number;
  readonly processCpuMs: number;
  readonly maxRssMiB: number;
  readonly outputBytes: number[];
}

interface Sample extends WorkerReport {
  /** Whole child process, spawn to exit, measured here. */
  readonly processWallMs: number;
}

interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

interface ImplResult {
  readonly processCpuMs: Stats;
  readonly jobCpuMs: Stats;
  readonly warmJobCpuMs: Stats;
  readonly processWallMs: Stats;
  readonly maxRssMiB: Stats;
  readonly importMs: Stats;
  readonly outputBytes: number[];
}

const stats = (values: number[]): Stats => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Transpiles the worker (plain JS at measure time: no ts-node compile inside the timings). */
function buildWorker(): string {
  const source = path.join(__dirname, "worker.ts");
  const out = path.join(WORK, "worker.js");
  const { outputText } = ts.transpileModule(fs.readFileSync(source, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: source,
  });
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(out, outputText);
  return out;
}

function runWorker(worker: string, impl: Impl, input: string, handlerDir: string, warmRepeats: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [worker, impl, input, handlerDir, String(warmRepeats)], { cwd: PROJECT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const processWallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${impl} on ${path.basename(input)} exited with ${code}:\n${stderr.slice(-2000)}`));
      resolve({ ...(JSON.parse(stdout) as WorkerReport), processWallMs });
    });
  });
}

function summarize(samples: Sample[]): ImplResult {
  return {
    processCpuMs: stats(samples.map((s) => s.processCpuMs)),
    jobCpuMs: stats(samples.map((s) => s.jobCpuMs)),
    warmJobCpuMs: stats(samples.map((s) => s.warmJobCpuMs)),
    processWallMs: stats(samples.map((s) => s.processWallMs)),
    maxRssMiB: stats(samples.map((s) => s.maxRssMiB)),
    importMs: stats(samples.map((s) => s.importMs)),
    outputBytes: samples[0].outputBytes,
  };
}

function timePlan(): { wallMs: number; ok: boolean; detail?: string } {
  const tsNode = path.join(PROJECT, "node_modules", "ts-node", "dist", "bin.js");
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [tsNode, "--transpile-only", path.join("tools", "plan.ts")], { cwd: PROJECT, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return run.status === 0 ? { wallMs, ok: true } : { wallMs, ok: false, detail: run.stderr.slice(-500) };
}

/**
 * Images per month inside the free tier: duration = CPU seconds / CPU share at that memory.
 * `cold` uses the first job in a fresh process (every invocation a cold container: the floor),
 * `warm` the repeated job (containers reused, the usual steady state).
 */
function capacity(coldJobCpuMs: number, warmJobCpuMs: number, memoryMb: number) {
  const cpuShare = Math.min(1, memoryMb / MB_PER_VCPU);
  const figures = (cpuMs: number) => {
    const durationSeconds = cpuMs / 1000 / cpuShare;
    const gbSeconds = (memoryMb / 1024) * durationSeconds;
    return { durationSeconds: round(durationSeconds, 2), gbSecondsPerImage: round(gbSeconds, 3), imagesPerMonth: Math.floor(FREE_TIER_GB_SECONDS / gbSeconds) };
  };
  return { cpuShare: round(cpuShare, 3), cold: figures(coldJobCpuMs), warm: figures(warmJobCpuMs) };
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (typeof c === "number" ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ")).join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: "string" },
      runs: { type: "string", default: "3" },
      warmup: { type: "string", default: "1" },
      inputs: { type: "string", default: BENCH_INPUTS.filter((i) => !i.optional).map((i) => i.name).join(",") },
      impls: { type: "string", default: IMPLS.join(",") },
      "import-runs": { type: "string", default: "5" },
      "warm-repeats": { type: "string", default: "1" },
      "skip-package": { type: "boolean", default: false },
      "skip-plan": { type: "boolean", default: false },
    },
    strict: true,
  });
  const runs = Number(values.runs);
  const warmRepeats = Number(values["warm-repeats"]);
  if (!Number.isInteger(warmRepeats) || warmRepeats < 1) throw new Error("--warm-repeats must be >= 1");
  const warmup = Number(values.warmup);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(warmup) || warmup < 0) throw new Error("--runs must be >= 1 and --warmup >= 0");
  const inputNames = values.inputs.split(",");
  const unknownInput = inputNames.find((n) => !BENCH_INPUTS.some((i) => i.name === n));
  if (unknownInput) throw new Error(`unknown input "${unknownInput}": use ${BENCH_INPUTS.map((i) => i.name).join(", ")}`);
  const impls = values.impls.split(",") as Impl[];
  const unknownImpl = impls.find((i) => !IMPLS.includes(i));
  if (unknownImpl) throw new Error(`unknown implementation "${unknownImpl}": use ${IMPLS.join(", ")}`);
  const memoryMb: number = IMAGE_PROCESSOR_DEFAULTS.memoryMb;

  console.error("Generating inputs (cached in .bench/inputs)...");
  const inputFiles = await ensureInputs(path.join(WORK, "inputs"), inputNames);
  const handler = buildHandler({ outDir: path.join(".bench", "handler") });
  const worker = buildWorker();

  const results: Record<string, Partial<Record<Impl, ImplResult>> & { inputBytes: number; megapixels: number }> = {};
  for (const name of inputNames) {
    const spec = BENCH_INPUTS.find((i) => i.name === name)!;
    const file = inputFiles.get(name)!;
    const samples = new Map<Impl, Sample[]>(impls.map((i) => [i, []]));
    // Round-robin across implementations, so load from other users of the machine hits all alike.
    for (let round = 0; round < warmup + runs; round++) {
      for (const impl of impls) {
        const sample = await runWorker(worker, impl, file, handler.outDir, warmRepeats);
        if (round >= warmup) samples.get(impl)!.push(sample);
      }
      console.error(`  ${name}: round ${round + 1}/${warmup + runs}`);
    }
    results[name] = { inputBytes: fs.statSync(file).size, megapixels: round((spec.width * spec.height) / 1e6, 2) };
    for (const impl of impls) results[name][impl] = summarize(samples.get(impl)!);
  }

  let pkg: PackageFigures | { error: string } | null = null;
  if (!values["skip-package"]) {
    console.error("Packaging the Lambda through the offline runner...");
    let dir: string | undefined;
    try {
      dir = extractPackage(PROJECT);
      pkg = measurePackage(dir, Number(values["import-runs"]), path.join(PROJECT, "__tests__", "fixtures", "images"));
    } catch (error) {
      pkg = { error: (error as Error).message };
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const plan = values["skip-plan"] ? null : (console.error("Timing npm run plan..."), timePlan());

  const ratio = (name: string, impl: Impl, metric: keyof Omit<ImplResult, "outputBytes">) => {
    const a = results[name][impl]?.[metric].median;
    const b = results[name].sharp?.[metric].median;
    return a !== undefined && b ? round(a / b, 2) : null;
  };
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 2)) },
    settings: { runs, warmup, variants: ["1024x1024", "256x256"], jpegQuality: 80, memoryMb },
    inputs: Object.fromEntries(
      Object.entries(results).map(([name, r]) => [
        name,
        {
          ...r,
          ratiosToSharp: Object.fromEntries(
            impls
              .filter((i) => i !== "sharp")
              .map((i) => [
                i,
                {
                  processCpu: ratio(name, i, "processCpuMs"),
                  jobCpu: ratio(name, i, "jobCpuMs"),
                  warmJobCpu: ratio(name, i, "warmJobCpuMs"),
                  processWall: ratio(name, i, "processWallMs"),
                  maxRss: ratio(name, i, "maxRssMiB"),
                },
              ]),
          ),
          freeTier: Object.fromEntries(impls.map((i) => [i, capacity(r[i]!.jobCpuMs.median, r[i]!.warmJobCpuMs.median, memoryMb)])),
        },
      ]),
    ),
    package: pkg,
    plan,
  };

  const rows: (string | number)[][] = [
    ["input", "impl", "proc CPU ms", "job CPU ms", "warm job ms", "wall ms", "peak RSS MiB", "CPU x sharp", "RSS x sharp", "img/month cold", "img/month warm"],
  ];
  for (const [name, r] of Object.entries(report.inputs)) {
    for (const impl of impls) {
      const s = r[impl]!;
      rows.push([
        name,
        impl,
        round(s.processCpuMs.median, 0),
        round(s.jobCpuMs.median, 0),
        round(s.warmJobCpuMs.median, 0),
        round(s.processWallMs.median, 0),
        round(s.maxRssMiB.median, 0),
        impl === "sharp" ? "1" : String(r.ratiosToSharp[impl]?.processCpu ?? "-"),
        impl === "sharp" ? "1" : String(r.ratiosToSharp[impl]?.maxRss ?? "-"),
        r.freeTier[impl].cold.imagesPerMonth,
        r.freeTier[impl].warm.imagesPerMonth,
      ]);
    }
  }
  console.log(table(rows));
  console.log(
    `\nmedians of ${runs} fresh processes after ${warmup} warm-up. proc CPU = whole process (start-up, imports, one job); ` +
      `CPU x sharp compares it. img/month = ${FREE_TIER_GB_SECONDS} GB-s at ${memoryMb} MB (${round(memoryMb / MB_PER_VCPU, 3)} vCPU), from the cold or warm job CPU`,
  );
  if (pkg && "zippedBytes" in pkg) {
    console.log(`Lambda package: ${round(pkg.zippedBytes / 1048576, 2)} MiB zipped (${round(pkg.unzippedBytes / 1048576, 1)} MiB, ${pkg.files} files); cold import ${round(pkg.coldImportMs, 0)} ms (fresh process ${round(pkg.coldProcessMs, 0)} ms)`);
    console.log(`  packaged image core from /tmp decoded ${pkg.smoke.map((s) => `${s.file} ${s.width}x${s.height}`).join(", ")}`);
    console.log(`  largest: ${pkg.largest.map((l) => `${l.name} ${round(l.zippedBytes / 1048576, 2)}`).join(", ")} (MiB zipped)`);
  } else if (pkg) {
    console.log(`Lambda package: not measured: ${pkg.error}`);
  }
  if (plan) console.log(`npm run plan: ${round(plan.wallMs / 1000, 2)} s${plan.ok ? "" : ` (FAILED: ${plan.detail})`}`);
  if (values.json) {
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`figures written to ${values.json}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
