import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as Esbuild from "esbuild";
import { packageRoot, RUNNING_BUILT } from "./package-root";

/**
 * Where the Lambda's AWS SDK v3 clients come from. `bundled` (default): the pinned clients of
 * package-lock.json are inside the bundle, so what was tested is what runs. `runtime`: the
 * clients are left out and the Lambda runtime's own copy is used: a smaller archive, but its
 * version is whatever AWS ships that day (see docs/packaging.md for the measurements).
 */
export type SdkSource = "bundled" | "runtime";
export const SDK_SOURCES: readonly SdkSource[] = ["bundled", "runtime"];

/** The packages the Lambda runtime provides, left out of a `runtime` bundle: the SDK v3 and the Smithy core it ships with. */
export const RUNTIME_PROVIDED_PACKAGES = ["@aws-sdk/*", "@smithy/*"];

const externalsFor = (sdk: SdkSource): string[] => (sdk === "runtime" ? [...RUNTIME_PROVIDED_PACKAGES] : []);

/**
 * esbuild settings of the handler bundle, for the Lambda archive and the local tools alike:
 * one minified CommonJS file with an external source map (no sources inside: the archive stays
 * small; the map names files and lines), tree-shaken, for the Node 22 Lambda runtime. `module`
 * before `main`: the SDK's ES module builds are the ones esbuild can tree-shake.
 */
export const BUNDLE_SETTINGS = {
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  treeShaking: true,
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  mainFields: ["module", "main"],
} as const satisfies Esbuild.BuildOptions;

/** The bundle's two files, inside the handler build directory (and the archive). */
export const BUNDLE_FILE = "index.js";
export const BUNDLE_MAP_FILE = `${BUNDLE_FILE}.map`;
/** Beside a prebuilt bundle (never in the archive): what the bundle contains. */
export const BUNDLE_MANIFEST_FILE = "bundle.json";

export interface HandlerBuildOptions {
  /**
   * The handler: a directory holding `<entry>.ts` (bundled with esbuild), or a prebuilt bundle
   * (`index.js`, its map and `bundle.json`, copied as is). Default: `handlers` of this repository;
   * from the installed package, the prebuilt bundle it ships for `sdk`.
   */
  readonly sourceDir?: string;
  /**
   * Output directory; it must lie inside the directory Pulumi runs in (archive paths are relative
   * to it). Default `.build/handler` under the project root: this repository when run from
   * source, the current working directory (your Pulumi project) when run from compiled JavaScript.
   */
  readonly outDir?: string;
  /** Entry module, relative to sourceDir, without extension. Default `index`. */
  readonly entry?: string;
  /** Where the AWS SDK clients come from. Default `bundled`. */
  readonly sdk?: SdkSource;
}

/** What a bundle contains; written as bundle.json beside a prebuilt bundle. */
export interface BundleManifest {
  readonly sdk: SdkSource;
  /** node_modules packages compiled into the bundle (plus this library, whose handler it is). */
  readonly packages: string[];
  /** Packages the bundle requires from the Lambda runtime (`runtime` SDK only). */
  readonly runtimePackages: string[];
  /**
   * The installed version of each package in `packages`, read from the copy esbuild compiled in
   * (a package bundled from two copies lists both): what `npm run sbom` reports as shipped.
   */
  readonly versions?: Record<string, string[]>;
}

export interface HandlerBuild extends BundleManifest {
  /** Absolute output directory. */
  readonly outDir: string;
  /** Absolute path of the bundle (the module the function's callback requires). */
  readonly entryFile: string;
  /** Output files, relative to outDir. */
  readonly files: string[];
}

export const PROJECT_ROOT = packageRoot(__dirname);
const { name: PACKAGE_NAME, version: PACKAGE_VERSION } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { name: string; version: string };

/** The prebuilt bundle `npm run build` writes (and the published package ships) for `sdk`. */
export function prebuiltBundleDir(sdk: SdkSource): string {
  return path.join(PROJECT_ROOT, "dist", "handler", sdk);
}

/**
 * Compiled JavaScript (the published library, or this repository's prebuilt tools) uses the
 * prebuilt bundle, and relative paths belong to the directory Pulumi runs in; TypeScript sources
 * bundle handlers/ afresh, relative to this repository.
 */
const BASE_DIR = (): string => (RUNNING_BUILT ? process.cwd() : PROJECT_ROOT);
const defaultSourceDir = (sdk: SdkSource): string => (RUNNING_BUILT ? prebuiltBundleDir(sdk) : path.join(PROJECT_ROOT, "handlers"));

/** Loaded only to bundle TypeScript sources: the installed library never needs esbuild. */
function esbuild(): typeof Esbuild {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("esbuild") as typeof Esbuild;
  } catch {
    throw new Error("Bundling the handler from TypeScript sources needs the esbuild package (a devDependency): run `npm ci`");
  }
}

/** `node_modules/@scope/name/...` or `node_modules/name/...` -> the package name. */
function packageOf(file: string): string | undefined {
  const marker = file.lastIndexOf("node_modules/");
  if (marker < 0) return undefined;
  const parts = file.slice(marker + "node_modules/".length).split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** `.../node_modules/@scope/name/dist/x.js` -> the version in `.../node_modules/@scope/name/package.json`. */
function versionOf(file: string, pkg: string): string | undefined {
  const root = file.slice(0, file.lastIndexOf("node_modules/") + "node_modules/".length + pkg.length);
  try {
    return (JSON.parse(fs.readFileSync(path.resolve(PROJECT_ROOT, root, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function manifestOf(metafile: Esbuild.Metafile, sdk: SdkSource): BundleManifest {
  const packages = new Set([PACKAGE_NAME]);
  const versions = new Map<string, Set<string>>([[PACKAGE_NAME, new Set([PACKAGE_VERSION])]]);
  for (const input of Object.keys(metafile.inputs)) {
    const pkg = packageOf(input);
    if (!pkg) continue;
    packages.add(pkg);
    const version = versionOf(input, pkg);
    if (version) versions.set(pkg, (versions.get(pkg) ?? new Set()).add(version));
  }
  const runtimePackages = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !imported.path.startsWith("node:") && RUNTIME_PROVIDED_PACKAGES.some((p) => imported.path.startsWith(p.replace("*", ""))))
        runtimePackages.add(packageOf(`node_modules/${imported.path}`)!);
    }
  }
  const sortedVersions = Object.fromEntries([...versions.keys()].sort().map((pkg) => [pkg, [...versions.get(pkg)!].sort()]));
  return { sdk, packages: [...packages].sort(), runtimePackages: [...runtimePackages].sort(), versions: sortedVersions };
}

/**
 * Bundles `<sourceDir>/<entry>.ts` into `outDir` (index.js + index.js.map); returns what it
 * contains and the files it was built from (relative to the project root).
 */
export function bundleHandler(sourceDir: string, entry: string, outDir: string, sdk: SdkSource): { manifest: BundleManifest; inputs: string[] } {
  const result = esbuild().buildSync({
    ...BUNDLE_SETTINGS,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    entryPoints: [path.join(sourceDir, `${entry}.ts`)],
    outfile: path.join(outDir, BUNDLE_FILE),
    external: externalsFor(sdk),
    metafile: true,
    logLevel: "silent",
    absWorkingDir: PROJECT_ROOT,
  });
  return { manifest: manifestOf(result.metafile!, sdk), inputs: Object.keys(result.metafile!.inputs) };
}

/** Inputs of the last bundle into outDir, with their sizes and times: an unchanged tree is not rebuilt. */
interface BuildStamp {
  readonly key: string;
  /** SHA-256 of the bundle written: another writer (a prebuilt copy) makes the stamp stale. */
  readonly output: string;
  readonly inputs: Record<string, string>;
  readonly manifest: BundleManifest;
}

const stampFile = (outDir: string): string => `${outDir}.stamp.json`;
const bundleHash = (outDir: string): string =>
  crypto
    .createHash("sha256")
    .update(fs.readFileSync(path.join(outDir, BUNDLE_FILE)))
    .digest("hex");
const fileState = (file: string): string => {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
};

function freshStamp(outDir: string, key: string): BuildStamp | undefined {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(outDir), "utf8")) as BuildStamp;
    if (stamp.key !== key || !fs.existsSync(path.join(outDir, BUNDLE_MAP_FILE)) || bundleHash(outDir) !== stamp.output) return undefined;
    return Object.entries(stamp.inputs).every(([file, state]) => fileState(path.resolve(PROJECT_ROOT, file)) === state) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Several processes (tests, plan, e2e) may build at once: build beside outDir, then swap it in. */
function replaceDir(outDir: string, fill: (staging: string) => void): void {
  const staging = `${outDir}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    fill(staging);
    fs.rmSync(outDir, { recursive: true, force: true });
    try {
      fs.renameSync(staging, outDir);
    } catch (error) {
      // Another process swapped in its build between our rm and rename: it built the same inputs.
      if (!fs.existsSync(path.join(outDir, BUNDLE_FILE))) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function bundleFromSources(sourceDir: string, entry: string, outDir: string, sdk: SdkSource): BundleManifest {
  const key = JSON.stringify({ sourceDir, entry, sdk, settings: BUNDLE_SETTINGS, external: externalsFor(sdk) });
  const fresh = freshStamp(outDir, key);
  if (fresh) return fresh.manifest;
  let built: ReturnType<typeof bundleHandler> | undefined;
  replaceDir(outDir, (staging) => {
    built = bundleHandler(sourceDir, entry, staging, sdk);
  });
  const { manifest, inputs } = built!;
  const stamp: BuildStamp = { key, output: bundleHash(outDir), inputs: Object.fromEntries(inputs.map((f) => [f, fileState(path.resolve(PROJECT_ROOT, f))])), manifest };
  fs.writeFileSync(stampFile(outDir), JSON.stringify(stamp));
  return manifest;
}

function copyPrebuilt(sourceDir: string, outDir: string, sdk: SdkSource): BundleManifest {
  const manifestPath = path.join(sourceDir, BUNDLE_MANIFEST_FILE);
  if (!fs.existsSync(manifestPath)) throw new Error(`${sourceDir} holds no prebuilt handler bundle (${BUNDLE_MANIFEST_FILE} is missing): run \`npm run build\``);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as BundleManifest;
  if (manifest.sdk !== sdk) throw new Error(`the prebuilt bundle in ${sourceDir} takes the AWS SDK from "${manifest.sdk}", not "${sdk}"`);
  const same = [BUNDLE_FILE, BUNDLE_MAP_FILE].every(
    (f) => fs.existsSync(path.join(outDir, f)) && fs.readFileSync(path.join(outDir, f)).equals(fs.readFileSync(path.join(sourceDir, f))),
  );
  if (!same) replaceDir(outDir, (staging) => [BUNDLE_FILE, BUNDLE_MAP_FILE].forEach((f) => fs.copyFileSync(path.join(sourceDir, f), path.join(staging, f))));
  fs.rmSync(stampFile(outDir), { force: true });
  return manifest;
}

const builds = new Map<string, HandlerBuild>();

/**
 * The handler as the Lambda archive carries it: `<outDir>/index.js` and its map, bundled from
 * TypeScript sources or copied from a prebuilt bundle. Once per process for the same options.
 */
export function buildHandler(options: HandlerBuildOptions = {}): HandlerBuild {
  const sdk = options.sdk ?? "bundled";
  if (!SDK_SOURCES.includes(sdk)) throw new Error(`sdk must be one of ${SDK_SOURCES.join(", ")}, got ${JSON.stringify(sdk)}`);
  const sourceDir = path.resolve(BASE_DIR(), options.sourceDir ?? defaultSourceDir(sdk));
  const outDir = path.resolve(BASE_DIR(), options.outDir ?? path.join(".build", "handler"));
  const entry = options.entry ?? "index";
  const cacheKey = JSON.stringify([sourceDir, outDir, entry, sdk]);
  const cached = builds.get(cacheKey);
  if (cached && fs.existsSync(cached.entryFile)) return cached;

  if (!fs.existsSync(sourceDir)) throw new Error(`Handler source directory ${sourceDir} does not exist`);
  const fromSources = fs.existsSync(path.join(sourceDir, `${entry}.ts`));
  if (!fromSources && ![BUNDLE_FILE, BUNDLE_MANIFEST_FILE].some((f) => fs.existsSync(path.join(sourceDir, f)))) {
    throw new Error(`Handler entry ${path.join(sourceDir, `${entry}.ts`)} does not exist: it must export \`handler\``);
  }
  let manifest: BundleManifest;
  try {
    manifest = fromSources ? bundleFromSources(sourceDir, entry, outDir, sdk) : copyPrebuilt(sourceDir, outDir, sdk);
  } catch (error) {
    const failure = error as Esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    const where = (m: Esbuild.Message) => (m.location ? `${path.resolve(PROJECT_ROOT, m.location.file)}:${m.location.line}:${m.location.column}` : "");
    throw new Error(`Cannot bundle the handler: ${failure.errors.map((m) => `${where(m)}: ${m.text}`).join("; ")}`);
  }
  const build: HandlerBuild = { ...manifest, outDir, entryFile: path.join(outDir, BUNDLE_FILE), files: [BUNDLE_FILE, BUNDLE_MAP_FILE] };
  builds.set(cacheKey, build);
  return build;
}
