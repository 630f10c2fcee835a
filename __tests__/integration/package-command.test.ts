/**
 * `npm run -s package -- --json [--sdk runtime]` as a user runs it: a child process that runs the
 * program under mocks, zips the ImageProcessor function's serialized archive into
 * .build/lambda.zip and prints its figures. Proves the zip is the program's archive (the same
 * __index.js serialization, the same bundle) and that the figures describe that zip; the timing
 * itself is only checked to be a measurement (performance is claimed from `npm run bench`).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { unzipSync } from "fflate";

const ROOT = path.resolve(__dirname, "../..");
const ZIP = path.join(ROOT, ".build", "lambda.zip");

function packageCli(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PULUMI_|AWS_)/.test(k) || k === "AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING"));
  return spawnSync("npm", ["run", "-s", "package", "--", ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 300_000 });
}

describe.each(["bundled", "runtime"] as const)("with the AWS SDK %s", (sdk) => {
  let figures: Record<string, unknown>;
  let zip: Buffer;
  let entries: Record<string, Uint8Array>;
  beforeAll(() => {
    const result = packageCli("--json", ...(sdk === "runtime" ? ["--sdk", "runtime"] : []));
    if (result.status !== 0) throw new Error(`npm run package failed (${result.status}): ${result.stderr}`);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    figures = JSON.parse(lines[0]) as Record<string, unknown>;
    zip = fs.readFileSync(ZIP);
    entries = unzipSync(zip);
  }, 300_000);

  test("prints exactly zipBytes, unpackedBytes, files and coldImportMs, describing .build/lambda.zip", () => {
    expect(Object.keys(figures).sort()).toEqual(["coldImportMs", "files", "unpackedBytes", "zipBytes"]);
    expect(figures.zipBytes).toBe(zip.length);
    expect(figures.files).toBe(Object.keys(entries).length);
    expect(figures.unpackedBytes).toBe(Object.values(entries).reduce((sum, data) => sum + data.length, 0));
    expect(typeof figures.coldImportMs).toBe("number");
    expect(figures.coldImportMs as number).toBeGreaterThan(0);
  });

  test("the zip is the program's archive: the serialized __index.js and the prebuilt bundle with its map", () => {
    expect(Object.keys(entries).sort()).toEqual([".build/handler/index.js", ".build/handler/index.js.map", "__index.js"]);
    const entry = Buffer.from(entries["__index.js"]).toString("utf8");
    expect(entry).toContain('entryModule: "./.build/handler/index.js"');
    expect(entry).toContain("return () => require(entryModule).handler;");
    for (const file of ["index.js", "index.js.map"]) {
      expect(Buffer.from(entries[`.build/handler/${file}`]).equals(fs.readFileSync(path.join(ROOT, "dist", "handler", sdk, file)))).toBe(true);
    }
    const bundle = Buffer.from(entries[".build/handler/index.js"]).toString("utf8");
    // Only the runtime variant leaves the SDK clients to the Lambda runtime.
    expect(bundle.includes('require("@aws-sdk/client-s3")')).toBe(sdk === "runtime");
  });
});

test("an unknown --sdk or flag is a usage error (exit 2); --help lists the flags (exit 0)", () => {
  const unknownFlag = packageCli("--zip");
  expect(unknownFlag.status).toBe(2);
  expect(unknownFlag.stderr).toContain("package: Unknown option '--zip'");
  const help = packageCli("--help");
  expect(help.status).toBe(0);
  expect(help.stdout.split("\n").filter((l) => /^ {2}--/.test(l))).toEqual([
    expect.stringMatching(/^ {2}--json +print the figures as one JSON object$/),
    expect.stringMatching(/^ {2}--sdk <bundled\|runtime> +where the Lambda's AWS SDK clients come from, as the lambdaSdk config key \(default bundled\)$/),
    expect.stringMatching(/^ {2}--help, -h +print this help and exit$/),
  ]);
  const result = packageCli("--sdk", "latest");
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('package: --sdk must be one of bundled, runtime, got "latest"');
  expect(result.stdout).toBe("");
}, 300_000);
