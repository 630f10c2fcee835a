/**
 * A moto server of a test file's own (the operator tools run as real processes against it): the
 * project's venv (moto pinned in requirements-dev.txt) is installed if missing, moto listens on a
 * free port of 127.0.0.1, and `stop` ends it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PrivateMoto {
  readonly endpoint: string;
  stop(): void;
}

/** Starts moto (extra environment, e.g. its request recorder) and waits until it answers. */
export async function startPrivateMoto(env: Record<string, string> = {}): Promise<PrivateMoto> {
  // Idempotent and fast when the venv is present.
  execFileSync("bash", [path.join(ROOT, "scripts/python-env.sh")], { stdio: "inherit", timeout: 600_000 });
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const moto: ChildProcess = spawn(path.join(ROOT, ".venv/bin/moto_server"), ["-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      moto.kill("SIGTERM");
      throw new Error("moto_server did not answer within 60 s");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { endpoint, stop: () => moto.kill("SIGTERM") };
}

/** Runs a TypeScript tool of the repository as a process; resolves with its exit code and output. */
export function runTool(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/ts-node"), ["--transpile-only", script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
