/**
 * The dev stack (index.ts with Pulumi.dev.yaml under the offline mocks), planned once per jest run
 * and shared by every test file that only reads it. The stack and integration projects' global
 * setup (global-setup.ts) runs plan-dev-stack.ts in a child process, which writes the run to
 * DEV_STACK_FILE; loadDevStack() reads it. A test that changes the program or its config runs its
 * own program with runProgram instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram, type ProgramRun, type ResourceRecord } from "../../../offline/run-program";

export const DEV_STACK_FILE = path.resolve(__dirname, "../../../.build/dev-stack.json");

/** What is shared: the run without `rawInputs` (Pulumi assets do not survive JSON). */
export type SharedResource = Omit<ResourceRecord, "rawInputs">;
export type SharedRun = Omit<ProgramRun, "resources"> & { resources: SharedResource[] };

export function toShared(run: ProgramRun): SharedRun {
  return { ...run, resources: run.resources.map(({ rawInputs: _raw, ...rest }) => rest) };
}

/** Gives each shared resource a `rawInputs` that fails loudly, so a test cannot read it by mistake. */
function withoutRawInputs(run: SharedRun): ProgramRun {
  const resources = run.resources.map((r) =>
    Object.defineProperty({ ...r }, "rawInputs", {
      enumerable: false,
      get() {
        throw new Error(`rawInputs of ${r.name} are not shared (assets do not survive JSON): run the program in this test file with runProgram`);
      },
    }),
  ) as ResourceRecord[];
  return { ...run, resources };
}

let cached: Promise<ProgramRun> | undefined;

/**
 * The planned dev stack. Reads the file the global setup wrote; without it (a runner that skips the
 * global setup), plans the stack in this process instead.
 */
export function loadDevStack(): Promise<ProgramRun> {
  cached ??= fs.existsSync(DEV_STACK_FILE) ? Promise.resolve(withoutRawInputs(JSON.parse(fs.readFileSync(DEV_STACK_FILE, "utf8")) as SharedRun)) : runProgram({ stack: "dev" });
  return cached;
}
