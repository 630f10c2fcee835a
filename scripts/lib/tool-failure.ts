/**
 * How an operator tool that could not run says so: one line on stderr naming the failed call (or
 * the bad argument) and the fix, and with `--json` the same as one JSON document on stdout, so a
 * script reading stdout always gets JSON. Always exit 2 (tools/exit-codes.ts): "could not run".
 */
import { EXIT } from "../../tools/exit-codes";
import { describeFailure, formatFailure, type AwsCallFailure } from "./aws-failure";
import { CallsFailed } from "./settle-all";

/** What `--json` prints when the tool could not run. */
export interface FailureDocument {
  readonly tool: string;
  readonly exitCode: typeof EXIT.usage;
  readonly error: AwsCallFailure;
  /** Every failed call, when the tool tried several before giving up (the first is `error`). */
  readonly failures?: AwsCallFailure[];
}

/** Reports one or several errors and returns the exit code. */
export function reportFailure(tool: string, errors: unknown | unknown[], json: boolean): number {
  const all = (Array.isArray(errors) ? errors : [errors]).flatMap((e) => (e instanceof CallsFailed ? e.errors : [e]));
  const failures = all.map(describeFailure);
  for (const f of failures) console.error(`${tool}: ${formatFailure(f)}`);
  if (json) {
    const doc: FailureDocument = { tool, exitCode: EXIT.usage, error: failures[0], ...(failures.length > 1 ? { failures } : {}) };
    console.log(JSON.stringify(doc, null, 2));
  }
  return EXIT.usage;
}

/** Whether the command line asked for JSON, read before parsing so a parse error is JSON too. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes("--json");
}
