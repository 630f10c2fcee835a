import type { ChildProcessWithoutNullStreams } from "node:child_process";

export interface ChildOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Collects a spawned child's exit code and output; rejects only if it could not start. */
export function outputOf(child: ChildProcessWithoutNullStreams): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
