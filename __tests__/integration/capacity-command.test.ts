/** `npm run -s capacity` as a user types it: a clean stdout, the JSON contract and the exit codes. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = join(__dirname, "..", "..");
const exec = promisify(execFile);
const capacity = (args: string[]) =>
  exec("npm", ["run", "-s", "capacity", "--", ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

it("--help exits 0; --json is one document with the contract's fields; a loss exits 1; a bad flag exits 2", async () => {
  const help = await capacity(["--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^npm run -s capacity -- \[options\]/);

  const ok = await capacity(["--rate", "5/s", "--duration", "10m", "--mix", "jpeg-12mp=0.8,png-12mp=0.2", "--concurrency", "10", "--table-wcu", "25", "--json"]);
  expect(ok.code).toBe(0);
  const report = JSON.parse(ok.stdout) as Record<string, unknown>;
  expect(Object.keys(report).slice(0, 6)).toEqual(["throughputPerHour", "queueAgeP99Seconds", "expired", "drainSeconds", "monthlyUsd", "assumptions"]);
  expect(report.expired).toBe(0);

  const loss = await capacity(["--burst", "5000", "--max-event-age", "10m"]);
  expect(loss.code).toBe(1);
  expect(loss.stdout).toContain("Expired:");

  const bad = await capacity(["--rate", "fast"]);
  expect(bad.code).toBe(2);
  expect(bad.stdout).toBe("");
  expect(bad.stderr).toContain('capacity: --rate expects uploads per time such as 5/s, 300/min or 2000/h, got "fast"');
}, 120_000);
