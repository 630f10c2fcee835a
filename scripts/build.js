// `npm run build` (run by `npm ci` through `prepare`, and before each tool when its sources changed):
//   dist/app/      the project's TypeScript as plain CommonJS, file for file (the tools run these)
//   dist/handler/  the Lambda bundle, one per AWS SDK source, each with its map and bundle.json
// `--if-stale` builds only when a source is newer than the last build. Plain JavaScript: it runs
// before anything is compiled.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const APP_DIR = path.join(ROOT, "dist", "app");
const HANDLER_DIR = path.join(ROOT, "dist", "handler");
const STAMP = path.join(ROOT, "dist", ".build-stamp");
/** What the tools run: the program, the library, the handler, the offline runner, the tools, the bench. */
const SOURCE_ROOTS = ["index.ts", "client", "components", "handlers", "offline", "tools", "bench", "policy-pack"];
const SKIP_DIRS = new Set(["node_modules", "bin", "__tests__"]);

function sources(entry = ".") {
  const full = path.join(ROOT, entry);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [entry];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const child = path.join(entry, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : sources(child);
    return /\.(ts|json)$/.test(e.name) && !/\.(d|test)\.ts$/.test(e.name) ? [child] : [];
  });
}

function allSources() {
  return SOURCE_ROOTS.flatMap((root) => sources(root));
}

function isStale() {
  const built = fs.statSync(STAMP, { throwIfNoEntry: false });
  if (!built) return true;
  const inputs = [...allSources(), "package-lock.json", "scripts/build.js"];
  return inputs.some((file) => fs.statSync(path.join(ROOT, file)).mtimeMs > built.mtimeMs);
}

/** Moves a finished output over `target`; a concurrent build that got there first built the same sources. */
function swapIn(staged, target) {
  fs.rmSync(target, { recursive: true, force: true });
  try {
    fs.renameSync(staged, target);
  } catch (error) {
    if (!fs.existsSync(target)) throw error;
  }
}

function build() {
  const started = Date.now();
  const esbuild = require("esbuild");
  const files = allSources();
  // Built beside their final place (same depth: source-map paths stay right) and swapped in, so a
  // tool starting meanwhile never sees half a tree.
  const appDir = path.join(ROOT, "dist", `.app-${process.pid}`);
  const handlerDir = path.join(ROOT, "dist", `.handler-${process.pid}`);
  try {
    // File for file (no bundling): __dirname-relative paths keep their layout.
    esbuild.buildSync({
      entryPoints: files.filter((f) => f.endsWith(".ts")).map((f) => path.join(ROOT, f)),
      outdir: appDir,
      outbase: ROOT,
      format: "cjs",
      platform: "node",
      target: "node20",
      sourcemap: "linked",
      logLevel: "warning",
    });
    for (const json of files.filter((f) => f.endsWith(".json") && !f.endsWith("tsconfig.json"))) {
      fs.mkdirSync(path.dirname(path.join(appDir, json)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, json), path.join(appDir, json));
    }
    // The Lambda bundle, with the settings ImageProcessor uses (one home: components/handler-build.ts).
    const { bundleHandler, SDK_SOURCES, BUNDLE_MANIFEST_FILE } = require(path.join(appDir, "components", "handler-build.js"));
    for (const sdk of SDK_SOURCES) {
      const outDir = path.join(handlerDir, sdk);
      const { manifest } = bundleHandler(path.join(ROOT, "handlers"), "index", outDir, sdk);
      fs.writeFileSync(path.join(outDir, BUNDLE_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    }
    swapIn(appDir, APP_DIR);
    swapIn(handlerDir, HANDLER_DIR);
  } finally {
    for (const dir of [appDir, handlerDir]) fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
  fs.utimesSync(STAMP, new Date(started), new Date(started));
  process.stderr.write(`build: ${files.length} sources -> dist/app, handler bundles -> dist/handler (${Date.now() - started} ms)\n`);
}

if (!process.argv.includes("--if-stale") || isStale()) {
  try {
    build();
  } catch (error) {
    process.stderr.write(`build failed: ${error && error.message ? error.message : error}\n`);
    process.exit(1);
  }
}
