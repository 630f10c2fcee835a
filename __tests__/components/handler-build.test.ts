import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { buildHandler, BUNDLE_MANIFEST_FILE, PROJECT_ROOT, type HandlerBuild } from "../../components/handler-build";

let work: string;
let src: string;
let out: string;
const write = (relative: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(src, relative)), { recursive: true });
  fs.writeFileSync(path.join(src, relative), text);
};

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "handler-build-"));
  src = path.join(work, "handlers");
  out = path.join(work, "out");
  write("index.ts", 'import { double } from "./lib/math";\nexport const handler = async (n: number): Promise<number> => double(n ?? 0);\n');
  write("lib/math.ts", 'export function double(n: number): number {\n  return n * 2;\n}\nexport function neverUsed(): string {\n  return "tree-shaken away";\n}\n');
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

test("bundles the entry and what it imports into one minified CommonJS file with a linked source map, tree-shaken", async () => {
  const build = buildHandler({ sourceDir: src, outDir: out });
  expect(build.files).toEqual(["index.js", "index.js.map"]);
  expect(fs.readdirSync(out).sort()).toEqual(["index.js", "index.js.map"]);
  expect(build.entryFile).toBe(path.join(out, "index.js"));
  const handler = require(build.entryFile).handler as (n: number) => Promise<number>;
  await expect(handler(21)).resolves.toBe(42);
  const text = fs.readFileSync(build.entryFile, "utf8");
  expect(text).not.toContain("tree-shaken away");
  // Node 22 target: `??` is not down-levelled; minified: no source formatting survives.
  expect(text).toContain("??0");
  expect(text.trimEnd().split("\n")).toHaveLength(2); // the code, the map link
  expect(text.trimEnd().endsWith("//# sourceMappingURL=index.js.map")).toBe(true);
  const map = JSON.parse(fs.readFileSync(path.join(out, "index.js.map"), "utf8")) as { sources: string[]; sourcesContent?: unknown };
  expect(map.sources.map((s) => path.resolve(out, s)).sort()).toEqual([path.join(src, "index.ts"), path.join(src, "lib", "math.ts")]);
  expect(map.sourcesContent).toBeUndefined();
});

test("an up-to-date bundle is left untouched; a changed source is rebuilt, with no staging left behind", () => {
  buildHandler({ sourceDir: src, outDir: out });
  const mtime = fs.statSync(path.join(out, "index.js")).mtimeMs;
  // A second process (empty in-process cache) sees the stamp: rebuild nothing.
  jest.isolateModules(() => {
    (require("../../components/handler-build") as typeof import("../../components/handler-build")).buildHandler({ sourceDir: src, outDir: out });
  });
  expect(fs.statSync(path.join(out, "index.js")).mtimeMs).toBe(mtime);
  write("lib/math.ts", "export function double(n: number): number {\n  return n * 3;\n}\n");
  jest.isolateModules(() => {
    const rebuilt = (require("../../components/handler-build") as typeof import("../../components/handler-build")).buildHandler({ sourceDir: src, outDir: out });
    expect(fs.readFileSync(rebuilt.entryFile, "utf8")).toContain("*3");
  });
  expect(fs.readdirSync(work).sort()).toEqual(["handlers", "out", "out.stamp.json"]);
});

test("a missing entry or source directory is a clear error", () => {
  fs.rmSync(path.join(src, "index.ts"));
  expect(() => buildHandler({ sourceDir: src, outDir: out })).toThrow(`Handler entry ${path.join(src, "index.ts")} does not exist: it must export \`handler\``);
  expect(() => buildHandler({ sourceDir: path.join(work, "nope"), outDir: out })).toThrow(`Handler source directory ${path.join(work, "nope")} does not exist`);
});

test("a syntax error names the file and line", () => {
  write("lib/math.ts", "export function double(n: number {\n");
  expect(() => buildHandler({ sourceDir: src, outDir: out })).toThrow(
    new RegExp(`^Cannot bundle the handler: ${path.join(src, "lib", "math.ts").replace(/[/.]/g, "\\$&")}:1:\\d+: `),
  );
});

test("a prebuilt bundle is copied as is (its manifest stays out of the archive); a missing manifest or another SDK source is refused", () => {
  const prebuilt = path.join(work, "prebuilt");
  fs.mkdirSync(prebuilt);
  fs.writeFileSync(path.join(prebuilt, "index.js"), "exports.handler = async () => 'prebuilt';\n//# sourceMappingURL=index.js.map\n");
  fs.writeFileSync(path.join(prebuilt, "index.js.map"), '{"version":3,"sources":[],"mappings":""}');
  expect(() => buildHandler({ sourceDir: prebuilt, outDir: out })).toThrow(`${prebuilt} holds no prebuilt handler bundle (bundle.json is missing): run \`npm run build\``);
  const manifest = { sdk: "runtime", packages: ["secure-image-pipeline", "pngjs"], runtimePackages: ["@aws-sdk/client-s3"] };
  fs.writeFileSync(path.join(prebuilt, BUNDLE_MANIFEST_FILE), JSON.stringify(manifest));
  expect(() => buildHandler({ sourceDir: prebuilt, outDir: out })).toThrow(`the prebuilt bundle in ${prebuilt} takes the AWS SDK from "runtime", not "bundled"`);
  const build = buildHandler({ sourceDir: prebuilt, outDir: out, sdk: "runtime" });
  expect({ packages: build.packages, runtimePackages: build.runtimePackages, sdk: build.sdk }).toEqual(manifest);
  expect(fs.readdirSync(out).sort()).toEqual(["index.js", "index.js.map"]);
  expect(fs.readFileSync(path.join(out, "index.js"))).toEqual(fs.readFileSync(path.join(prebuilt, "index.js")));
});

test("an unknown SDK source is refused", () => {
  expect(() => buildHandler({ sourceDir: src, outDir: out, sdk: "latest" as "bundled" })).toThrow('sdk must be one of bundled, runtime, got "latest"');
});

/**
 * The real handler, both ways, and what Pulumi's packager then puts in the archive with the
 * exclusions ImageProcessor passes: the bundle's directory and nothing from node_modules.
 */
describe.each(["bundled", "runtime"] as const)("the handler with the AWS SDK %s", (sdk) => {
  const outDir = path.join(PROJECT_ROOT, ".build", `test-handler-build-${sdk}`);
  let build: HandlerBuild;
  beforeAll(() => {
    build = buildHandler({ outDir, sdk });
  }, 120_000);

  test("lists the packages it contains and the ones it leaves to the runtime", () => {
    const runtimeDeps = ["@aws-sdk/client-dynamodb", "@aws-sdk/client-s3", "@aws-sdk/client-sns", "@aws-sdk/util-dynamodb"];
    expect(build.packages).toEqual(expect.arrayContaining(["secure-image-pipeline", "@aws-lambda-powertools/logger", "@jimp/js-png", "omggif"]));
    if (sdk === "bundled") {
      expect(build.packages).toEqual(expect.arrayContaining([...runtimeDeps, "@smithy/core"])); // the SDK's own core, bundled with it
      expect(build.runtimePackages).toEqual([]);
    } else {
      expect(build.packages.filter((p) => p.startsWith("@aws-sdk/") || p.startsWith("@smithy/"))).toEqual([]);
      expect(build.runtimePackages).toEqual([...runtimeDeps].sort());
      const text = fs.readFileSync(build.entryFile, "utf8");
      for (const dependency of runtimeDeps) expect(text).toContain(`require("${dependency}")`);
    }
  });

  test("with those packages excluded, Pulumi's packager takes the bundle's directory and nothing else", async () => {
    const relative = path.relative(process.cwd(), outDir);
    const paths = await pulumi.runtime.computeCodePaths({ extraIncludePaths: [relative], extraExcludePackages: [...build.packages, ...build.runtimePackages] });
    expect([...paths.keys()]).toEqual([relative]);
    expect(fs.readdirSync(outDir).sort()).toEqual(["index.js", "index.js.map"]);
  });
});
