import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildHandler } from "../../components/handler-build";

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
  write("lib/math.ts", "export function double(n: number): number {\n  return n * 2;\n}\n");
  write("index.test.ts", "test('x', () => {});\n");
  write("__tests__/helper.ts", "export const x = 1;\n");
  write("types.d.ts", "declare const y: number;\n");
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

test("emits CommonJS for the sources only (no tests, no declarations) that Node can run", async () => {
  const build = buildHandler({ sourceDir: src, outDir: out });
  expect(build.files).toEqual(["index.js", path.join("lib", "math.js")]);
  expect(build.entryFile).toBe(path.join(out, "index.js"));
  const handler = require(build.entryFile).handler as (n: number) => Promise<number>;
  await expect(handler(21)).resolves.toBe(42);
  // ES2022 like tsconfig: `??` is not down-levelled.
  expect(fs.readFileSync(build.entryFile, "utf8")).toContain("n ?? 0");
});

test("a rebuild drops outputs whose sources were deleted, and leaves an up-to-date build untouched", () => {
  buildHandler({ sourceDir: src, outDir: out });
  const mtime = fs.statSync(path.join(out, "index.js")).mtimeMs;
  buildHandler({ sourceDir: src, outDir: out });
  expect(fs.statSync(path.join(out, "index.js")).mtimeMs).toBe(mtime);
  fs.rmSync(path.join(src, "lib"), { recursive: true });
  write("index.ts", "export const handler = async () => 1;\n");
  expect(buildHandler({ sourceDir: src, outDir: out }).files).toEqual(["index.js"]);
  expect(fs.existsSync(path.join(out, "lib"))).toBe(false);
  expect(fs.readdirSync(work).sort()).toEqual(["handlers", "out"]);
});

test("a missing entry or source directory is a clear error", () => {
  fs.rmSync(path.join(src, "index.ts"));
  expect(() => buildHandler({ sourceDir: src, outDir: out })).toThrow(`Handler entry ${path.join(src, "index.ts")} does not exist: it must export \`handler\``);
  expect(() => buildHandler({ sourceDir: path.join(work, "nope"), outDir: out })).toThrow(`Handler source directory ${path.join(work, "nope")} does not exist`);
});

test("a syntax error names the file", () => {
  write("lib/math.ts", "export function double(n: number {\n");
  expect(() => buildHandler({ sourceDir: src, outDir: out })).toThrow(new RegExp(`^Cannot transpile ${path.join(src, "lib", "math.ts").replace(/[/.]/g, "\\$&")}: `));
});
