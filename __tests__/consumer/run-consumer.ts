/**
 * Runs the consumer project in the current directory (a Pulumi project outside this repository
 * that installed secure-image-pipeline from its tarball) under the offline mock runtime, and
 * prints one JSON document on stdout for the consumer test to assert on. A child process, because
 * Pulumi's mocks are process-wide and because the archive paths and the handler build depend on
 * the working directory, which must be the consumer's, as under `pulumi up`.
 */
import * as path from "path";
import { runProgram } from "../../offline/run-program";

async function main(): Promise<void> {
  const projectDir = process.cwd();
  // This runner's own modules (the offline runner and what it imports) are loaded already.
  const harness = new Set(Object.keys(require.cache));
  const run = await runProgram({ projectDir, stack: "dev", program: "index.ts" });
  // Which copy of the library ran: the installed package, never this repository's sources.
  const loaded = Object.keys(require.cache);
  const library = loaded.filter((file) => file.includes(`${path.sep}node_modules${path.sep}secure-image-pipeline${path.sep}`));
  const repoRoot = path.resolve(__dirname, "../..");
  const repoSources = loaded.filter((file) => !harness.has(file) && ["components", "handlers"].some((dir) => file.startsWith(path.join(repoRoot, dir) + path.sep)));
  // The bundler must never load for a consumer (ts-node, running this file, loads TypeScript itself).
  const buildTools = loaded.filter((file) => /[\\/]node_modules[\\/](esbuild|@esbuild)[\\/]/.test(file));
  // The handler build ImageProcessor wrote under the consumer's cwd: does it load, from there?
  const entry = path.join(projectDir, ".build", "handler", "index.js");
  const handlerExport = typeof (require(entry) as { handler?: unknown }).handler;
  process.stdout.write(JSON.stringify({ resources: run.resources, outputs: run.outputs, library, repoSources, buildTools, handlerExport }));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
