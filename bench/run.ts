/**
 * `npm run bench -- [--json <file>] [--service-times <file>] [--runs N] [--warmup N] [--inputs a,b]
 *                   [--impls a,b] [--warm-repeats N] [--skip-package] [--skip-plan] [--skip-cli]`
 *
 * Measures the handler's image core against sharp (native libvips, the reference) and plain jimp
 * on deterministic inputs, each job in a fresh process; the thumbnail CLI's whole process against
 * sharp's on the 12 MP JPEG; the Lambda package (`npm run package`, both AWS SDK sources); the
 * offline plan's run time; and the free-tier capacity that follows. Prints a table; --json writes
 * every figure, ratios to sharp included, and each job's Lambda duration at 512, 1,024 and 1,769 MB;
 * --service-times writes the handler's job times the capacity model reads (`npm run capacity`).
 * See docs/packaging.md, docs/performance.md and docs/capacity.md.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { buildHandler } from "../components/handler-build";
import { IMAGE_PROCESSOR_DEFAULTS } from "../components/image-processor";
import { BUILT_APP_DIR, packageRoot } from "../components/package-root";
import { median, ZIP_PATH } from "../tools/package";
import { cpuShare, MB_PER_VCPU } from "../tools/capacity/lambda-async";
import { lambdaSecondsByMemory, type ServiceTimes } from "../tools/capacity/service-times";
import { BENCH_INPUTS, ensureInputs } from "./inputs";
import { measurePackage, type PackageReport } from "./package";

const PROJECT = packageRoot(__dirname);
const APP = path.join(PROJECT, BUILT_APP_DIR);
const WORK = path.join(PROJECT, ".bench");
const IMPLS = ["handler", "sharp", "jimp"] as const;
type Impl = (typeof IMPLS)[number];

/** Lambda's free tier (its CPU share per memory size lives in tools/capacity/lambda-async.ts). */
const FREE_TIER_GB_SECONDS = 400_000;

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

/** The prebuilt worker (npm run build): no compiling inside the timings. */
function prebuiltWorker(): string {
  const worker = path.join(APP, "bench", "worker.js");
  if (!fs.existsSync(worker)) throw new Error(`${worker} is missing: run \`npm run build\` (npm run bench does)`);
  return worker;
}

interface ToolRun {
  readonly wallMs: number;
  /** Whole process, all threads, start-up included (bench/cpu-report.ts). */
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly ok: boolean;
  readonly detail?: string;
}

/** Runs a prebuilt tool in a fresh process, as its npm script does, and measures that process. */
function runTool(tool: string, args: string[]): ToolRun {
  const report = path.join(WORK, `cpu-${process.pid}.json`);
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(report, { force: true });
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--require", path.join(APP, "bench", "cpu-report.js"), path.join(APP, tool), ...args], {
    cwd: PROJECT,
    encoding: "utf8",
    env: { ...process.env, BENCH_CPU_REPORT: report },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const usage = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, "utf8")) as { cpuMs: number; maxRssMiB: number }) : { cpuMs: NaN, maxRssMiB: NaN };
  return { wallMs, ...usage, ok: run.status === 0, ...(run.status === 0 ? {} : { detail: run.stderr.slice(-500) }) };
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

/** `npm run plan`'s process (node dist/app/tools/plan.js), `runs` times: median wall and CPU. */
function timePlan(runs: number) {
  const samples = Array.from({ length: runs }, () => runTool(path.join("tools", "plan.js"), []));
  const failed = samples.find((s) => !s.ok);
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)), ok: !failed, ...(failed ? { detail: failed.detail } : {}) };
}

/** The 12 MP JPEG the thumbnail CLI is measured on (the reference job of the CPU target). */
const CLI_INPUT = "jpeg-12mp";

/**
 * `npm run thumbnail` on the 12 MP JPEG (the CLI's whole process: start-up, the bundle, the job,
 * the files) against sharp doing the same job in its own process, round-robin.
 */
async function timeThumbnailCli(worker: string, input: string, handlerDir: string, rounds: number, warmup: number) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sip-bench-thumbnail-"));
  const cli: ToolRun[] = [];
  const sharp: Sample[] = [];
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      const run = runTool(path.join("tools", "thumbnail.js"), [input, "--out", out]);
      if (!run.ok) throw new Error(`the thumbnail CLI failed: ${run.detail}`);
      const reference = await runWorker(worker, "sharp", input, handlerDir, 1);
      if (round < warmup) continue;
      cli.push(run);
      sharp.push(reference);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  const cliCpuMs = median(cli.map((r) => r.cpuMs));
  const sharpCpuMs = median(sharp.map((s) => s.processCpuMs));
  return {
    input: CLI_INPUT,
    cliProcessCpuMs: round(cliCpuMs, 0),
    cliProcessWallMs: round(median(cli.map((r) => r.wallMs)), 0),
    cliPeakRssMiB: round(median(cli.map((r) => r.maxRssMiB)), 0),
    sharpProcessCpuMs: round(sharpCpuMs, 0),
    cpuXSharp: round(cliCpuMs / sharpCpuMs, 2),
  };
}

/**
 * Images per month inside the free tier: duration = CPU seconds / CPU share at that memory.
 * `cold` uses the first job in a fresh process (every invocation a cold container: the floor),
 * `warm` the repeated job (containers reused, the usual steady state).
 */
function capacity(coldJobCpuMs: number, warmJobCpuMs: number, memoryMb: number) {
  const share = cpuShare(memoryMb);
  const figures = (cpuMs: number) => {
    const durationSeconds = cpuMs / 1000 / share;
    const gbSeconds = (memoryMb / 1024) * durationSeconds;
    return { durationSeconds: round(durationSeconds, 2), gbSecondsPerImage: round(gbSeconds, 3), imagesPerMonth: Math.floor(FREE_TIER_GB_SECONDS / gbSeconds) };
  };
  return { cpuShare: round(share, 3), cold: figures(coldJobCpuMs), warm: figures(warmJobCpuMs) };
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (typeof c === "number" ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ")).join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: "string" },
      "service-times": { type: "string" },
      runs: { type: "string", default: "3" },
      warmup: { type: "string", default: "1" },
      inputs: {
        type: "string",
        default: BENCH_INPUTS.filter((i) => !i.optional)
          .map((i) => i.name)
          .join(","),
      },
      impls: { type: "string", default: IMPLS.join(",") },
      "warm-repeats": { type: "string", default: "1" },
      "skip-package": { type: "boolean", default: false },
      "skip-plan": { type: "boolean", default: false },
      "skip-cli": { type: "boolean", default: false },
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
  const worker = prebuiltWorker();

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

  let cli: Awaited<ReturnType<typeof timeThumbnailCli>> | null = null;
  if (!values["skip-cli"]) {
    console.error(`Timing npm run thumbnail on ${CLI_INPUT} against sharp...`);
    const [cliInput] = (await ensureInputs(path.join(WORK, "inputs"), [CLI_INPUT])).values();
    cli = await timeThumbnailCli(worker, cliInput, handler.outDir, runs, warmup);
  }
  let pkg: PackageReport | { error: string } | null = null;
  if (!values["skip-package"]) {
    console.error("Packaging the Lambda (npm run package, both SDK sources)...");
    try {
      pkg = measurePackage(PROJECT, ZIP_PATH, path.join(PROJECT, "__tests__", "fixtures", "images"));
    } catch (error) {
      pkg = { error: (error as Error).message };
    }
  }
  const plan = values["skip-plan"] ? null : (console.error("Timing npm run plan..."), timePlan(runs));

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
          // Each job as a Lambda duration at the bench's memory sizes: the capacity model's service times.
          lambdaSeconds: Object.fromEntries(impls.map((i) => [i, lambdaSecondsByMemory({ cold: r[i]!.jobCpuMs.median, warm: r[i]!.warmJobCpuMs.median })])),
        },
      ]),
    ),
    thumbnailCli: cli,
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
  if (cli) {
    console.log(
      `npm run thumbnail (${cli.input}): ${cli.cliProcessCpuMs} ms CPU, whole process (${cli.cliProcessWallMs} ms wall, ${cli.cliPeakRssMiB} MiB peak); sharp in its own process ${cli.sharpProcessCpuMs} ms: ${cli.cpuXSharp}x sharp`,
    );
  }
  if (pkg && "bundled" in pkg) {
    for (const [sdk, p] of [
      ["bundled", pkg.bundled],
      ["runtime", pkg.runtime],
    ] as const) {
      console.log(
        `Lambda package, AWS SDK ${sdk}: ${round(p.zipBytes / 1048576, 2)} MiB zipped (${round(p.unpackedBytes / 1048576, 2)} MiB, ${p.files} files); cold import ${p.coldImportMs} ms (median of 5 fresh processes)`,
      );
    }
    console.log(`  cold import CPU (AWS SDK bundled): ${round(pkg.coldImportCpuMs, 0)} ms (median of 5 fresh processes)`);
    console.log(`  packaged image core from /tmp decoded ${pkg.smoke.map((s) => `${s.file} ${s.width}x${s.height}`).join(", ")}`);
  } else if (pkg) {
    console.log(`Lambda package: not measured: ${pkg.error}`);
  }
  if (plan)
    console.log(`npm run plan: ${round(plan.wallMs / 1000, 2)} s wall, ${round(plan.cpuMs / 1000, 2)} s CPU (median of ${runs})${plan.ok ? "" : ` (FAILED: ${plan.detail})`}`);
  if (values["service-times"]) {
    if (!impls.includes("handler")) throw new Error("--service-times needs the handler implementation in --impls");
    const serviceTimes: ServiceTimes = {
      command: `npm run bench -- ${process.argv.slice(2).join(" ")}`,
      date: report.date,
      machine: report.machine,
      runs,
      inputs: Object.fromEntries(
        Object.entries(results).map(([name, r]) => {
          const hostCpuMs = { cold: round(r.handler!.jobCpuMs.median, 0), warm: round(r.handler!.warmJobCpuMs.median, 0) };
          return [name, { megapixels: r.megapixels, inputBytes: r.inputBytes, hostCpuMs, lambdaSeconds: lambdaSecondsByMemory(hostCpuMs) }];
        }),
      ),
    };
    fs.writeFileSync(values["service-times"], `${JSON.stringify(serviceTimes, null, 2)}\n`);
    console.log(`handler job times for the capacity model written to ${values["service-times"]}`);
  }
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
