/**
 * The artifact, not the source: writes the CallbackFunction's `code` archive (the exact asset map
 * `pulumi up` would zip and upload) into a directory under the OS temp dir, outside the project,
 * and runs its `__index.js` in a child process whose working directory is that copy. The handler
 * is one bundle with its packages inside; anything it required from elsewhere would be found (or
 * not) as on Lambda, and the child reports any module file it loaded from outside the archive.
 */
import { fork, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export { extractArchive } from "../../../offline/lambda-archive";

/** One AWS API call as the bundle sent it, recorded in its own process (see bundle-runner.js). */
export interface RecordedCall {
  readonly client: string;
  readonly command: string;
  readonly input: Readonly<Record<string, string>>;
  /** `ok`, or the error code AWS (moto) answered with. */
  readonly outcome: string;
  readonly status?: number;
}

export interface Invocation {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string };
  readonly calls: readonly RecordedCall[];
}

interface RunnerMessage {
  readonly type: "ready" | "result";
  readonly id?: number;
  readonly ok?: boolean;
  readonly result?: unknown;
  readonly error?: { name: string; message: string; stack?: string };
  readonly calls?: RecordedCall[];
  readonly outside?: string[];
  readonly resolutions?: Record<string, string | null>;
  readonly loaded?: number;
}

/** The packaged Lambda running in its own process, invoked one event at a time (reserved concurrency 1). */
export class PackagedHandler {
  /** Module files the child loaded from outside the archive, across all invocations; must stay empty. */
  readonly modulesOutsideArchive = new Set<string>();
  private output = "";
  private nextId = 1;
  private pending = new Map<number, (message: RunnerMessage) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly archiveDir: string,
    /** Where each probed package name resolves from the archive's root (null: not resolvable). */
    readonly resolutions: Readonly<Record<string, string | null>>,
    /** How many module files the child had loaded once the handler was required. */
    readonly modulesLoadedAtStart: number,
  ) {}

  /**
   * Starts the archive in `archiveDir` with exactly `env` (plus PATH): no variable of the test
   * process leaks into the function, as on Lambda.
   */
  static async start(archiveDir: string, env: Readonly<Record<string, string>>, probes: readonly string[] = []): Promise<PackagedHandler> {
    const realDir = fs.realpathSync(archiveDir);
    // The runner lives next to the archive, outside the project, so it resolves nothing from it.
    const runner = path.join(path.dirname(realDir), "bundle-runner.js");
    fs.copyFileSync(path.join(__dirname, "bundle-runner.js"), runner);
    const child = fork(runner, [realDir, JSON.stringify(probes)], {
      cwd: realDir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: path.dirname(realDir), TZ: "UTC", ...env },
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const ready = await new Promise<RunnerMessage>((resolve, reject) => {
      child.once("message", (m) => resolve(m as RunnerMessage));
      child.once("exit", (code) => reject(new Error(`the packaged handler exited (${code}) before it was ready:\n${output}`)));
    });
    if (ready.error) throw new Error(`the packaged handler failed to load: ${ready.error.message}\n${ready.error.stack ?? ""}\n${output}`);
    const handler = new PackagedHandler(child, realDir, ready.resolutions ?? {}, ready.loaded ?? 0);
    handler.output = output;
    child.stdout?.off("data", keep);
    child.stderr?.off("data", keep);
    const append = (chunk: Buffer) => {
      handler.output = (handler.output + chunk.toString("utf8")).slice(-50_000);
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    for (const file of ready.outside ?? []) handler.modulesOutsideArchive.add(file);
    child.on("message", (m) => {
      const message = m as RunnerMessage;
      const settle = message.id === undefined ? undefined : handler.pending.get(message.id);
      if (settle && message.id !== undefined) {
        handler.pending.delete(message.id);
        settle(message);
      }
    });
    child.on("exit", (code) => {
      for (const settle of handler.pending.values()) settle({ type: "result", ok: false, error: { name: "Exited", message: `child exited ${code}` }, calls: [] });
      handler.pending.clear();
    });
    return handler;
  }

  /**
   * Invokes the handler with one event and waits for it, as one Lambda invocation; `remainingMs`
   * is the time the context says is left (default 60 s).
   */
  async invoke(event: unknown, options: { remainingMs?: number } = {}): Promise<Invocation> {
    const id = this.nextId++;
    const message = await new Promise<RunnerMessage>((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ type: "invoke", id, event, ...(options.remainingMs === undefined ? {} : { remainingMs: options.remainingMs }) });
    });
    for (const file of message.outside ?? []) this.modulesOutsideArchive.add(file);
    return { ok: message.ok === true, result: message.result, error: message.error, calls: message.calls ?? [] };
  }

  /** The function's recent stdout/stderr (Powertools JSON logs), for failure messages. */
  logs(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }
}

/** A fresh directory under the OS temp dir (never inside the project). */
export function tempArchiveDir(prefix = "e2e-lambda-"): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return path.join(root, "archive");
}
