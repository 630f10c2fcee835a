/** The local tool, called in process (`npm run -s thumbnail` as a command: __tests__/integration/thumbnail-command.test.ts). */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../tools/thumbnail";
import { FIXTURES, inspect, isUpright, makeJpeg } from "./support/images";

// Real image work on a shared 2-core machine: jest's 5 s default is too tight under load.
jest.setTimeout(30_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "thumbnail-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function runTool(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

it("writes the variants and prints one JSON summary", async () => {
  const input = join(dir, "photo.jpg");
  writeFileSync(input, await makeJpeg(800, 600));
  const result = await runTool(input, "--out", join(dir, "out"), "--variants", "400x400,100x100", "--quality", "70");
  expect([result.code, result.stderr]).toEqual([0, ""]);
  const summary = JSON.parse(result.stdout);
  expect(summary).toEqual({
    input,
    format: "jpeg",
    width: 800,
    height: 600,
    variants: [
      { name: "400", file: join(dir, "out", "400.jpg"), format: "jpeg", width: 400, height: 300, bytes: expect.any(Number) },
      { name: "100", file: join(dir, "out", "100.jpg"), format: "jpeg", width: 100, height: 75, bytes: expect.any(Number) },
    ],
    ms: expect.any(Number),
  });
  for (const variant of summary.variants) {
    const written = readFileSync(variant.file);
    expect(written.length).toBe(variant.bytes);
    const image = await inspect(written);
    expect([image.width, image.height]).toEqual([variant.width, variant.height]);
  }
});

it("applies EXIF orientation like the Lambda", async () => {
  const result = await runTool(join(FIXTURES, "orientation-8.jpg"), "--out", dir);
  expect(result.code).toBe(0);
  expect(isUpright(await inspect(readFileSync(join(dir, "1024.jpg"))))).toBe(true);
});

it.each([
  [["--out", "x"], "thumbnail: missing <input-file>"],
  [["a.jpg"], "thumbnail: missing --out <dir>"],
  [["a.jpg", "--out", "x", "--quality", "0"], 'thumbnail: --quality must be a whole number from 1 to 100, got "0"'],
  [["a.jpg", "--out", "x", "--variants", "big"], 'thumbnail: --variants has an invalid size "big": use WIDTHxHEIGHT with 1 to 10000 pixels each'],
  [["a.jpg", "--out", "x", "--max-bytes", "1.5"], 'thumbnail: --max-bytes must be a whole number from 1024 to 536870912, got "1.5"'],
  [["a.jpg", "--out", "x", "--colour"], "thumbnail: Unknown option '--colour'"],
])("usage error %j: exit 2 with the reason and the usage text", async (argv, message) => {
  const result = await runTool(...argv);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.split("\n")[0]).toContain(message);
  expect(result.stderr).toContain("usage: npm run -s thumbnail --");
});

it("--help: the usage on stdout, one line per flag, exit 0", async () => {
  const result = await runTool("--help");
  expect([result.code, result.stderr]).toEqual([0, ""]);
  const lines = result.stdout.split("\n");
  expect(lines[0]).toBe("usage: npm run -s thumbnail -- <input-file> --out <dir> [flags]   (prints a JSON summary on stdout)");
  for (const flag of ["--out <dir>", "--variants <list>", "--quality <1-100>", "--max-pixels <n>", "--max-bytes <n>", "--help, -h"]) {
    expect(lines.filter((l) => l.startsWith(`  ${flag} `))).toHaveLength(1);
  }
  expect(lines.at(-2)).toBe(
    "Exit codes: 0 the variants were written; 1 the image was rejected (one line on stderr says why); 2 usage error, or the input could not be read or the output written.",
  );
});

it("a rejected image: exit 1, one line on stderr, nothing written", async () => {
  const input = join(dir, "notes.jpg");
  writeFileSync(input, "not an image at all\n");
  const result = await runTool(input, "--out", join(dir, "out"));
  expect(result).toEqual({
    code: 1,
    stdout: "",
    stderr: `thumbnail: ${input} rejected (UnsupportedFormat): The file is not a supported image (detected: text); supported formats are JPEG, PNG, GIF, BMP and TIFF.\n`,
  });
  expect(existsSync(join(dir, "out"))).toBe(false);
});

it("limits apply: --max-pixels", async () => {
  const input = join(dir, "p.jpg");
  writeFileSync(input, await makeJpeg(100, 100));
  const result = await runTool(input, "--out", dir, "--max-pixels", "5000");
  expect([result.code, result.stderr.trim()]).toEqual([1, `thumbnail: ${input} rejected (TooManyPixels): The image is 100x100 (10000 pixels), over the limit of 5000 pixels.`]);
});

it("a missing input file: exit 2 with the system's message", async () => {
  const result = await runTool(join(dir, "nope.jpg"), "--out", dir);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^thumbnail: ENOENT: no such file or directory/);
});
