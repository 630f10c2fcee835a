import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * Transpiles the Lambda handler's TypeScript to CommonJS JavaScript (no type check: `tsc --noEmit`
 * does that) so the archive can carry it: `pulumi up` runs the program through ts-node, but the
 * Lambda runtime needs plain .js files.
 */
export interface HandlerBuildOptions {
  /** Directory holding the handler's .ts sources. Default `handlers` under the project root. */
  readonly sourceDir?: string;
  /** Output directory. Default `.build/handler` under the project root (git-ignored). */
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

/** Tests, fixtures and declaration files never go into the Lambda. */
function isHandlerSource(name: string): boolean {
  return name.endsWith(".ts") && !name.endsWith(".d.ts") && !/\.(test|spec)\.ts$/.test(name);
}

/** Sources below `dir`, skipping test and fixture directories inside it (not above it). */
function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "__tests__", "__fixtures__"].includes(entry.name) ? [] : listSources(full);
    return isHandlerSource(entry.name) ? [full] : [];
  });
}

/** The compiler target of tsconfig.json, so the handler is emitted exactly as it is type-checked. */
function projectTarget(): ts.ScriptTarget {
  const configPath = path.join(PROJECT_ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (p) => fs.readFileSync(p, "utf8"));
  const parsed = ts.convertCompilerOptionsFromJson(read.config?.compilerOptions ?? {}, PROJECT_ROOT);
  return parsed.options.target ?? ts.ScriptTarget.ES2022;
}

export function buildHandler(options: HandlerBuildOptions = {}): HandlerBuild {
  const sourceDir = path.resolve(PROJECT_ROOT, options.sourceDir ?? "handlers");
  const outDir = path.resolve(PROJECT_ROOT, options.outDir ?? path.join(".build", "handler"));
  const entry = options.entry ?? "index";
  if (!fs.existsSync(sourceDir)) throw new Error(`Handler source directory ${sourceDir} does not exist`);
  if (!fs.existsSync(path.join(sourceDir, `${entry}.ts`))) {
    throw new Error(`Handler entry ${path.join(sourceDir, `${entry}.ts`)} does not exist: it must export \`handler\``);
  }
  const compilerOptions: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: projectTarget(),
    esModuleInterop: true,
    sourceMap: false,
  };
  const outputs = new Map<string, string>();
  for (const source of listSources(sourceDir)) {
    const relative = path.relative(sourceDir, source).replace(/\.ts$/, ".js");
    const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(source, "utf8"), { compilerOptions, fileName: source, reportDiagnostics: true });
    const errors = (diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      throw new Error(`Cannot transpile ${source}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
    }
    outputs.set(relative, outputText);
  }
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
  const files = [...outputs.keys()];
  return { outDir, entryFile: path.join(outDir, `${entry}.js`), files: files.sort() };
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
