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

export function measurePackage(dir: string, importRuns: number): PackageFigures {
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
  };
}
