/**
 * The emulator as a component: scripts/python-env.sh and scripts/with-moto.sh, run as a user
 * would. These start their own moto servers (about a second each) next to the suite's.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, "../..");
const WITH_MOTO = path.join(ROOT, "scripts/with-moto.sh");
const PYTHON_ENV = path.join(ROOT, "scripts/python-env.sh");

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("scripts/python-env.sh", () => {
  it("does nothing, silently and quickly, when the venv already matches requirements-dev.txt", () => {
    spawnSync("bash", [PYTHON_ENV]); // make sure it is set up (the suite's wrapper already did)
    const started = Date.now();
    const run = spawnSync("bash", [PYTHON_ENV], { encoding: "utf8" });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "", ""]);
    // An install takes about 30 s; a check, well under a second (10 s leaves room for a busy machine).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fs.existsSync(path.join(ROOT, ".venv/bin/moto_server"))).toBe(true);
  });

  it("says what to install when Python is missing", () => {
    const run = spawnSync("bash", [PYTHON_ENV], { encoding: "utf8", env: { ...process.env, PYTHON: "/nonexistent/python3" } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/python-env: '\/nonexistent\/python3' was not found\..*apt-get install python3 python3-venv python3-pip/);
  });
});

describe("scripts/with-moto.sh", () => {
  it("prints usage without a command", () => {
    const run = spawnSync("bash", [WITH_MOTO], { encoding: "utf8" });
    expect([run.status, run.stderr.trim()]).toEqual([2, "usage: bash scripts/with-moto.sh <command> [args...]"]);
  });

  it("runs the command with MOTO_ENDPOINT answering, returns its exit code, then stops moto", async () => {
    const probe = `fetch(process.env.MOTO_ENDPOINT + "/moto-api/data.json").then((r) => { console.log(process.env.MOTO_ENDPOINT, r.status); process.exit(7); })`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "with-moto-")); // a failing command keeps moto's log here
    const run = spawnSync("bash", [WITH_MOTO, "node", "-e", probe], { encoding: "utf8", timeout: 50_000, env: { ...process.env, TMPDIR: dir } });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(7);
    const [endpoint, status] = run.stdout.trim().split(" ");
    expect([endpoint, status]).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), "200"]);
    expect(await answers(endpoint)).toBe(false);
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("on %s stops the command and moto at once, and exits %i", async (signal, code) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "with-moto-"));
    const pidFile = path.join(dir, "pid");
    const wrapper = spawn("bash", [WITH_MOTO, "sh", "-c", `echo "$$ $MOTO_ENDPOINT" > ${pidFile}; exec sleep 60`], { stdio: "ignore", env: { ...process.env, TMPDIR: dir } });
    const exited = new Promise<number | null>((resolve) => wrapper.on("exit", (c) => resolve(c)));
    const deadline = Date.now() + 40_000;
    while (!(fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").includes("http")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [pid, endpoint] = fs.readFileSync(pidFile, "utf8").trim().split(" ");
    expect(await answers(endpoint)).toBe(true);
    const signalled = Date.now();
    wrapper.kill(signal);
    expect(await exited).toBe(code);
    expect(Date.now() - signalled).toBeLessThan(10_000); // not after the command's 60 s
    expect(alive(Number(pid))).toBe(false);
    expect(await answers(endpoint)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
