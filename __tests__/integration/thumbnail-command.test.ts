/** `npm run -s thumbnail` as a user types it: a child process, paths relative to where it was typed. */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { FIXTURES } from "../handlers/support/images";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "thumbnail-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("works as `npm run -s thumbnail` with a clean stdout, paths relative to where it was typed, and the exit codes", async () => {
  const exec = promisify(execFile);
  const root = join(__dirname, "..", "..");
  // Typed in another directory: npm runs the script at the project root, the paths stay the user's.
  writeFileSync(join(dir, "in.gif"), readFileSync(join(FIXTURES, "pattern.gif")));
  const env = { ...process.env };
  delete env.INIT_CWD;
  const ok = await exec("npm", ["--prefix", root, "run", "-s", "thumbnail", "--", "in.gif", "--out", "out"], { cwd: dir, env });
  expect(JSON.parse(ok.stdout)).toMatchObject({
    input: "in.gif",
    format: "gif",
    width: 32,
    height: 24,
    variants: [{ file: join(dir, "out", "1024.jpg") }, { file: join(dir, "out", "256.jpg") }],
  });
  expect(existsSync(join(dir, "out", "256.jpg"))).toBe(true);
  const bad = await exec("npm", ["run", "-s", "thumbnail", "--", join(__dirname, "..", "handlers", "faults.test.ts"), "--out", dir], { cwd: root }).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect((bad as { code: number }).code).toBe(1);
  expect((bad as { stderr: string }).stderr.trim().split("\n")).toHaveLength(1);
}, 30_000);
