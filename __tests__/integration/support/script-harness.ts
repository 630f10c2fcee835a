/**
 * Running operator scripts as real processes, and a moto server of the test file's own (the
 * project's pinned moto from .venv) on a free port of 127.0.0.1 for them to talk to. moto can
 * record every request it receives, so a test can prove what a script sent.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

export interface PrivateMoto {
  readonly endpoint: string;
  stop(): void;
}

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

/** Installs the venv if needed (idempotent), starts moto and waits until it answers (60 s at most). */
export async function startPrivateMoto(options: { readonly recordTo?: string } = {}): Promise<PrivateMoto> {
  execFileSync("bash", [path.join(ROOT, "scripts/python-env.sh")], { stdio: "inherit", timeout: 600_000 });
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const recording = options.recordTo ? { MOTO_ENABLE_RECORDING: "True", MOTO_RECORDER_FILEPATH: options.recordTo } : {};
  const moto: ChildProcess = spawn(path.join(ROOT, ".venv/bin/moto_server"), ["-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, ...recording },
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

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command from the repository root without blocking this process (a stand-in server here can still answer). */
export function runProcess(command: string, args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a TypeScript script of the repository as a process. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return runProcess(path.join(ROOT, "node_modules/.bin/ts-node"), ["--transpile-only", script, ...args], env);
}
