/**
 * `npm run -s presign` as a child process: help, usage errors and the exit codes of
 * tools/exit-codes.ts. Issuing and posting a form against moto is __tests__/e2e/presigned-post.test.ts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT } from "../../tools/exit-codes";

const ROOT = path.join(__dirname, "../..");

function presign(...args: string[]) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("PULUMI_")) delete env[key];
  const result = spawnSync("npm", ["run", "-s", "presign", "--", ...args], { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("--help prints every flag and exits 0", () => {
  const { status, stdout } = presign("--help");
  expect(status).toBe(EXIT.ok);
  for (const flag of ["--stack", "--outputs", "--key", "--content-type", "--max-bytes", "--expires", "--path-style", "--json"]) expect(stdout).toContain(flag);
});

test("a usage error names the problem and exits 2", () => {
  expect(presign("--stack")).toMatchObject({ status: EXIT.usage, stderr: expect.stringContaining("presign: Option '--stack <value>' argument missing") });
  expect(presign("--key", "uploads/a.jpg")).toMatchObject({ status: EXIT.usage, stderr: expect.stringContaining("--stack <name> is required") });
  expect(presign("--stack", "dev", "--expires", "soon")).toMatchObject({ status: EXIT.usage, stderr: expect.stringContaining('--expires must be a whole number, got "soon"') });
});

test("outputs the stack lacks, or a form it may not issue, exit 2 before any AWS call", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "presign-cli-"));
  try {
    const file = path.join(dir, "outputs.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ bucketName: "images-bucket-1a2b3c4", keyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", uploadPrefix: "uploads/" }),
    );
    expect(presign("--stack", "dev", "--outputs", file)).toMatchObject({
      status: EXIT.usage,
      stderr: expect.stringContaining('the stack has no whole-number output "maxImageBytes"'),
    });
    expect(presign("--stack", "dev", "--outputs", path.join(dir, "missing.json"))).toMatchObject({
      status: EXIT.usage,
      stderr: expect.stringContaining('cannot read the outputs of stack "dev"'),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
