import * as fs from "fs";
import * as path from "path";
import type * as TypeScript from "typescript";

/**
 * Transpiles the Lambda handler's TypeScript to CommonJS JavaScript (no type check: `tsc --noEmit`
 * does that) so the archive can carry it: `pulumi up` runs the program through ts-node, but the
 * Lambda runtime needs plain .js files.
 */
export interface HandlerBuildOptions {
  /**
   * Directory holding the handler's .ts sources (transpiled), or prebuilt .js (copied as is).
   * Default: `handlers` of this repository; from the installed package, its prebuilt handler JS.
   */
  readonly sourceDir?: string;
  /**
   * Output directory; it must lie inside the directory Pulumi runs in (archive paths are relative
   * to it). Default `.build/handler` under the project root: this repository when run from
   * source, the current working directory (your Pulumi project) when run from the installed package.
   */
  readonly outDir?: string;
  /** Entry module, relative to sourceDir, without extension. Default `index`. */
  readonly entry?: string;
}

export interface HandlerBuild {
  /** Absolute output directory. */
  readonly outDir: string;
  /** Absolute path of the entry .js file. */
  readonly entryFile: string;
  /** Output files, relative to outDir. */
  readonly files: string[];
}

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/**
 * Running as compiled JavaScript means running from the published library (`dist/lib/components`
 * inside a consumer's node_modules): the handler is already compiled beside it (`dist/lib/handlers`),
 * and relative paths belong to the consumer's project, i.e. the directory Pulumi runs in.
 */
const FROM_PACKAGE = __filename.endsWith(".js");
const BASE_DIR = (): string => (FROM_PACKAGE ? process.cwd() : PROJECT_ROOT);
const DEFAULT_SOURCE_DIR = FROM_PACKAGE ? path.join(PROJECT_ROOT, "handlers") : "handlers";

/** Loaded only to transpile .ts sources, so the installed library does not need TypeScript at run time. */
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("typescript") as typeof TypeScript;
}

/** Tests, fixtures and declaration files never go into the Lambda. */
function isHandlerSource(name: string, ext: ".ts" | ".js"): boolean {
  return name.endsWith(ext) && !name.endsWith(".d.ts") && !/\.(test|spec)\.[jt]s$/.test(name);
}

/** Sources below `dir`, skipping test and fixture directories inside it (not above it). */
function listSources(dir: string, ext: ".ts" | ".js"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "__tests__", "__fixtures__"].includes(entry.name) ? [] : listSources(full, ext);
    return isHandlerSource(entry.name, ext) ? [full] : [];
  });
}

/** The compiler target of tsconfig.json, so the handler is emitted exactly as it is type-checked. */
function projectTarget(ts: typeof TypeScript): TypeScript.ScriptTarget {
  const configPath = path.join(PROJECT_ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (p) => fs.readFileSync(p, "utf8"));
  const parsed = ts.convertCompilerOptionsFromJson(read.config?.compilerOptions ?? {}, PROJECT_ROOT);
  return parsed.options.target ?? ts.ScriptTarget.ES2022;
}

export function buildHandler(options: HandlerBuildOptions = {}): HandlerBuild {
  const sourceDir = path.resolve(BASE_DIR(), options.sourceDir ?? DEFAULT_SOURCE_DIR);
  const outDir = path.resolve(BASE_DIR(), options.outDir ?? path.join(".build", "handler"));
  const entry = options.entry ?? "index";
  if (!fs.existsSync(sourceDir)) throw new Error(`Handler source directory ${sourceDir} does not exist`);
  const prebuilt = !fs.existsSync(path.join(sourceDir, `${entry}.ts`)) && fs.existsSync(path.join(sourceDir, `${entry}.js`));
  if (!prebuilt && !fs.existsSync(path.join(sourceDir, `${entry}.ts`))) {
    throw new Error(`Handler entry ${path.join(sourceDir, `${entry}.ts`)} does not exist: it must export \`handler\``);
  }
  const outputs = prebuilt ? copyPrebuilt(sourceDir) : transpileSources(sourceDir);
  writeBuild(outDir, outputs);
  return { outDir, entryFile: path.join(outDir, `${entry}.js`), files: [...outputs.keys()].sort() };
}

/** Handler .ts sources -> CommonJS text, keyed by output path relative to the output directory. */
function transpileSources(sourceDir: string): Map<string, string> {
  const ts = typescript();
  const compilerOptions: TypeScript.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: projectTarget(ts),
    esModuleInterop: true,
    sourceMap: false,
  };
  const outputs = new Map<string, string>();
  for (const source of listSources(sourceDir, ".ts")) {
    const relative = path.relative(sourceDir, source).replace(/\.ts$/, ".js");
    const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(source, "utf8"), { compilerOptions, fileName: source, reportDiagnostics: true });
    const errors = (diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      throw new Error(`Cannot transpile ${source}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
    }
    outputs.set(relative, outputText);
  }
  return outputs;
}

/** Already-compiled handler JavaScript (the published package's) goes into the archive unchanged. */
function copyPrebuilt(sourceDir: string): Map<string, string> {
  return new Map(listSources(sourceDir, ".js").map((source) => [path.relative(sourceDir, source), fs.readFileSync(source, "utf8")]));
}

/** Writes `outputs` (path relative to outDir -> text) into outDir unless it already holds exactly them. */
function writeBuild(outDir: string, outputs: Map<string, string>): void {
  // Several processes (tests, plan, e2e) may build at once: leave an up-to-date build untouched,
  // otherwise write a fresh copy beside it and swap it in, so no reader sees a half-written tree
  // and files deleted from the sources do not linger in the archive.
  if (!isUpToDate(outDir, outputs)) {
    const staging = `${outDir}.tmp-${process.pid}-${Date.now()}`;
    for (const [relative, text] of outputs) {
      fs.mkdirSync(path.dirname(path.join(staging, relative)), { recursive: true });
      fs.writeFileSync(path.join(staging, relative), text);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(staging, outDir);
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function isUpToDate(outDir: string, outputs: Map<string, string>): boolean {
  const existing = listFiles(outDir).map((f) => path.relative(outDir, f));
  if (existing.length !== outputs.size) return false;
  return existing.every((relative) => outputs.get(relative) === fs.readFileSync(path.join(outDir, relative), "utf8"));
}
