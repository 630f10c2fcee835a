/**
 * `ts-node --transpile-only bench/package-archive.ts <dir>`: runs the Pulumi program (index.ts,
 * dev stack) under the offline mock runtime and writes the ImageProcessor Lambda's `code` archive,
 * the exact asset map `pulumi up` would zip and upload, into `<dir>`. A separate process because
 * Pulumi's mocks are process-wide and keep handles open. Prints the file list as JSON.
 */
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "../offline/run-program";

interface AssetLike {
  readonly assets?: Promise<Record<string, unknown>> | Record<string, unknown>;
  readonly path?: Promise<string> | string;
  readonly text?: Promise<string> | string;
}

async function writeEntry(entry: unknown, target: string, files: string[]): Promise<void> {
  const asset = entry as AssetLike;
  if (asset.assets !== undefined) {
    for (const [name, child] of Object.entries(await asset.assets)) await writeEntry(child, path.join(target, name), files);
  } else if (asset.text !== undefined) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await asset.text);
    files.push(target);
  } else if (asset.path !== undefined) {
    const source = path.resolve(await asset.path);
    fs.cpSync(source, target, { recursive: true, dereference: true });
    files.push(target);
  } else {
    throw new Error(`archive entry ${target}: unsupported asset kind`);
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: package-archive.ts <output dir>");
  const run = await runProgram({ stack: "dev" });
  const functions = run.resources.filter((r) => r.type === "aws:lambda/function:Function" && r.rawInputs.code !== undefined);
  if (functions.length !== 1) throw new Error(`expected one Lambda function with a code archive, found ${functions.length}`);
  const files: string[] = [];
  await writeEntry(functions[0].rawInputs.code, dir, files);
  process.stdout.write(`${JSON.stringify({ function: functions[0].name, entries: files.length })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
