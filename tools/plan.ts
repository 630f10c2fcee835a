// `npm run -s plan -- [--stack <name>] [--program <path>] [--json]`: what `pulumi up` would create,
// computed under Pulumi's mock runtime (no AWS credentials, no Pulumi CLI). Add-ons in
// tools/plan-addons/ add flags and output (policy verdicts, diagrams).
import { parseArgs } from "util";
import { computePlan, formatPlan } from "../offline/plan";
import { loadPlanAddons } from "../offline/plan-addons";

async function main(): Promise<number> {
  const addons = loadPlanAddons();
  const parsed = parseArgs({
    options: {
      stack: { type: "string", default: "dev" },
      program: { type: "string", default: "index.ts" },
      json: { type: "boolean", default: false },
      ...Object.assign({}, ...addons.map((a) => a.options ?? {})),
    },
    strict: true,
  });
  const values = parsed.values as Record<string, string | boolean | undefined> & { stack: string; program: string; json: boolean };
  // stdout carries only the result: anything the program logs goes to stderr.
  const stdoutLog = console.log;
  console.log = console.info = (...args: unknown[]) => console.error(...args);
  console.error(`Planning stack "${values.stack}" from ${values.program} under Pulumi mocks...`);
  const { plan, run } = await computePlan({ stack: values.stack, program: values.program });

  const extras: Record<string, unknown> = {};
  const texts: string[] = [];
  let replaced = false;
  let failed = false;
  for (const addon of addons) {
    const result = await addon.run(plan, run, values);
    if (!result) continue;
    if (result.json !== undefined) extras[addon.name] = result.json;
    if (result.text !== undefined) {
      if (result.replaceText) replaced = true;
      texts.push(result.text);
    }
    failed ||= result.failed === true;
  }
  if (values.json) stdoutLog(JSON.stringify({ ...plan, ...extras }, null, 2));
  else stdoutLog([...(replaced ? [] : [formatPlan(plan)]), ...texts].join("\n\n"));
  return failed ? 1 : 0;
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
    // The mock runtime keeps handles open: exit explicitly.
    process.exit(code);
  },
  (error: Error) => {
    finished = true;
    console.error(`plan failed: ${error.message}`);
    if (process.env.PLAN_DEBUG) console.error(error.stack);
    process.exit(1);
  },
);
