// `npm run -s plan -- [--stack <name>] [--program <path>] [--json | --mermaid]`: what `pulumi up` would create,
// computed under Pulumi's mock runtime (no AWS credentials, no Pulumi CLI).
import { parseArgs } from "util";
import { architectureMermaid } from "../offline/mermaid";
import { computePlan, formatPlan } from "../offline/plan";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "dev" },
      program: { type: "string", default: "index.ts" },
      json: { type: "boolean", default: false },
      // A Mermaid flowchart of the planned stack (docs/architecture.md is this output).
      mermaid: { type: "boolean", default: false },
    },
    strict: true,
  });
  // stdout carries only the result: anything the program logs goes to stderr.
  const stdoutLog = console.log;
  console.log = console.info = (...args: unknown[]) => console.error(...args);
  console.error(`Planning stack "${values.stack}" from ${values.program} under Pulumi mocks...`);
  const { plan, run } = await computePlan({ stack: values.stack, program: values.program });
  if (values.mermaid) {
    stdoutLog(architectureMermaid(run.resources, `${values.program}, stack ${values.stack}`).trimEnd());
    return 0;
  }
  stdoutLog(values.json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
  return 0;
}

// If the program leaves a promise that never settles, Node would exit 0 silently: make that a failure.
let finished = false;
process.on("beforeExit", () => {
  if (!finished) {
    console.error("plan failed: the program never finished (an output or registration never resolved)");
    process.exit(1);
  }
});

main().then(
  (code) => {
    finished = true;
    process.exit(code);
  },
  (error: Error) => {
    finished = true;
    console.error(`plan failed: ${error.message}`);
    if (process.env.PLAN_DEBUG) console.error(error.stack);
    // The mock runtime keeps handles open: exit explicitly.
    process.exit(1);
  },
);
