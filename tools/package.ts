/**
 * The Lambda archive exactly as the program builds it, measured:
 *
 *   npm run -s package -- [--json] [--sdk bundled|runtime]
 *
 * Runs the program (index.ts, dev stack) under Pulumi's mock runtime, takes the ImageProcessor
 * function's `code` (the CallbackFunction's serialized archive), zips it into .build/lambda.zip and
 * prints `{ zipBytes, unpackedBytes, files, coldImportMs }`. Cold import: the median of 5 fresh
 * Node processes `require`-ing the archive's `__index.js` from a temp directory outside the
 * project (after one warm-up that fills the OS file cache, as a Lambda's local disk would be).
 * With `--sdk runtime` the AWS SDK is resolved from this project's node_modules (NODE_PATH),
 * standing in for the copy the Lambda runtime provides. Exit codes (tools/exit-codes.ts): 0 done,
 * 2 usage error or the archive could not be built or imported.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { zipSync, type Zippable } from "fflate";
import { SDK_SOURCES, type SdkSource } from "../components/handler-build";
import { extractArchive, listArchiveFiles } from "../offline/lambda-archive";
import { PROJECT_DIR, runProgram } from "../offline/run-program";
import { helpText, parseFlags, UsageError, type FlagTable } from "./cli-flags";
import { EXIT } from "./exit-codes";

/** Every flag, one row each: parsing and `--help` both read this table. */
const FLAGS = {
  json: { type: "boolean", default: false, help: "print the figures as one JSON object" },
  sdk: { type: "string", default: "bundled", value: `<${SDK_SOURCES.join("|")}>`, help: "where the Lambda's AWS SDK clients come from, as the lambdaSdk config key" },
} as const satisfies FlagTable;

export const PACKAGE_HELP = helpText("npm run -s package -- [flags]   (writes .build/lambda.zip and prints its figures)", FLAGS, {
  ok: "the archive was built, zipped and imported",
  usage: "usage error, or the archive could not be built or imported",
});

export const ZIP_PATH = path.join(PROJECT_DIR, ".build", "lambda.zip");
export const IMPORT_RUNS = 5;

export interface PackageFigures {
  readonly zipBytes: number;
  readonly unpackedBytes: number;
  readonly files: number;
  readonly coldImportMs: number;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The function's code archive, from the program run under mocks. */
async function functionCode(sdk: SdkSource): Promise<unknown> {
  const run = await runProgram({ stack: "dev", config: { lambdaSdk: sdk } });
  const functions = run.resources.filter((r) => r.type === "aws:lambda/function:Function" && r.rawInputs.code !== undefined);
  if (functions.length !== 1) throw new Error(`expected one Lambda function with a code archive, found ${functions.length}`);
  return functions[0].rawInputs.code;
}

/** Zips `dir` as Pulumi would upload it (deflate, level 6) into `zipPath`; returns the figures of its files. */
function zipArchive(dir: string, zipPath: string): Omit<PackageFigures, "coldImportMs"> {
  const tree: Zippable = {};
  let unpackedBytes = 0;
  const names = listArchiveFiles(dir);
  for (const name of names) {
    const data = fs.readFileSync(path.join(dir, name));
    tree[name] = [data, { level: 6 }];
    unpackedBytes += data.length;
  }
  const zip = zipSync(tree);
  fs.mkdirSync(path.dirname(zipPath), { recursive: true });
  fs.writeFileSync(zipPath, zip);
  return { zipBytes: zip.length, unpackedBytes, files: names.length };
}

/** Milliseconds to `require("./__index.js")` in each of `runs` fresh processes whose working directory is `dir`. */
export function coldImports(dir: string, runs: number, sdk: SdkSource): number[] {
  const script = "const t=process.hrtime.bigint();require('./__index.js');process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";
  // Only PATH and a region, as on Lambda: nothing of this process leaks in.
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", AWS_REGION: "us-east-1" };
  if (sdk === "runtime") env.NODE_PATH = path.join(PROJECT_DIR, "node_modules");
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const child = spawnSync(process.execPath, ["-e", script], { cwd: dir, env, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`the packaged handler failed to import from ${dir}:\n${child.stderr.slice(-2000)}`);
    if (i > 0) times.push(Number(child.stdout));
  }
  return times;
}

async function main(): Promise<number> {
  let values;
  try {
    values = parseFlags(FLAGS, process.argv.slice(2)).values;
    if (!SDK_SOURCES.includes(values.sdk as SdkSource)) throw new UsageError(`--sdk must be one of ${SDK_SOURCES.join(", ")}, got "${values.sdk}"`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`package: ${error.message}\n${PACKAGE_HELP}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(`${PACKAGE_HELP}\n`);
    return EXIT.ok;
  }
  const sdk = values.sdk as SdkSource;
  // stdout carries only the result: anything the program logs goes to stderr.
  console.log = console.info = (...args: unknown[]) => console.error(...args);
  const code = await functionCode(sdk);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sip-package-"));
  try {
    const dir = path.join(work, "archive");
    await extractArchive(code, dir);
    const figures: PackageFigures = { ...zipArchive(dir, ZIP_PATH), coldImportMs: Number(median(coldImports(dir, IMPORT_RUNS, sdk)).toFixed(1)) };
    if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else {
      process.stdout.write(
        `${path.relative(process.cwd(), ZIP_PATH)}: ${figures.zipBytes} bytes zipped, ${figures.unpackedBytes} unpacked, ${figures.files} files; ` +
          `cold import ${figures.coldImportMs} ms (median of ${IMPORT_RUNS} fresh processes; AWS SDK ${sdk})\n`,
      );
    }
    return EXIT.ok;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`package failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(EXIT.usage);
    },
  );
}
