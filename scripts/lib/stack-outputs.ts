/**
 * A deployed stack's outputs through the Pulumi CLI (`pulumi stack output --json`), for the
 * operator tools that accept `--stack`. Without the CLI, the tool says which flags replace it.
 */
import { execFileSync } from "node:child_process";

/** Thrown when the outputs cannot be read; the message names the flags that make --stack unnecessary. */
export class StackOutputsUnavailable extends Error {
  override readonly name = "StackOutputsUnavailable";
}

/** Reads the outputs; `replacedBy` lists the flags that give the same values without the CLI. */
export function readStackOutputs(stack: string, replacedBy: string): Record<string, unknown> {
  let stdout: string;
  try {
    stdout = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new StackOutputsUnavailable(
        `--stack ${stack} reads the stack's outputs with the Pulumi CLI, which is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend, or pass ${replacedBy} instead of --stack`,
      );
    }
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new StackOutputsUnavailable(
      `cannot read the outputs of stack "${stack}" with \`pulumi stack output --json\`: ${stderr || (error as Error).message} (or pass ${replacedBy} instead of --stack)`,
    );
  }
  try {
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    throw new StackOutputsUnavailable(`\`pulumi stack output --json --stack ${stack}\` did not print JSON (got "${stdout.trim().slice(0, 120)}")`);
  }
}
