// `npm run -s plan -- [--stack <name>] [--program <path>] [--config key=value]... [--json]`: what `pulumi up` would create,
// computed under Pulumi's mock runtime (no AWS credentials, no Pulumi CLI), followed by the policy
// pack's verdicts. Views instead of the tree: --markdown (verdicts as a pull-request comment),
// --mermaid (architecture chart, without verdicts), --flows (flow matrix), --dashboard (widgets);
// --dashboard-svg <file> writes the dashboard layout; --policy-pack-config <file>; --skip-policy.
// With --json each adds its key: "dashboard", "flows", "mermaid", "violations".
// --preview plans as a first `pulumi preview` of a new stack (computed outputs unknown) and adds
// "undecided" (checks the pack could not decide); --secret-placeholder <text> plans `secure:` values with it.
import { parseArgs } from "util";
import { computePlan, formatPlan } from "../offline/plan";
import { dashboardSection, flowsSection, mermaidSection, PlanSection, policySection } from "../offline/plan-sections";
import { previewPolicySection } from "../offline/preview-section";

async function main(): Promise<number> {
  const parsed = parseArgs({
    options: {
      stack: { type: "string", default: "dev" },
      program: { type: "string", default: "index.ts" },
      json: { type: "boolean", default: false },
      // A config value over the stack file, as `pulumi config set` would (e.g. --config vpcIsolation=true).
      config: { type: "string", multiple: true, default: [] },
      markdown: { type: "boolean", default: false },
      "policy-pack-config": { type: "string" },
      "skip-policy": { type: "boolean", default: false },
      mermaid: { type: "boolean", default: false },
      flows: { type: "boolean", default: false },
      dashboard: { type: "boolean", default: false },
      "dashboard-svg": { type: "string" },
      preview: { type: "boolean", default: false },
      "secret-placeholder": { type: "string" },
    },
    strict: true,
  });
  const values = parsed.values;
  // stdout carries only the result: anything the program logs goes to stderr.
  console.log = console.info = (...args: unknown[]) => console.error(...args);
  console.error(`Planning stack "${values.stack}" from ${values.program} under Pulumi mocks...`);
  const { plan, run } = await computePlan({
    stack: values.stack,
    program: values.program,
    config: configOverrides(values.config),
    preview: values.preview,
    secretPlaceholder: values["secret-placeholder"],
  });
  const preview = values.preview && !values["skip-policy"] ? await previewPolicySection(plan, run, { configFile: values["policy-pack-config"] }) : undefined;

  // In this order in the text and the JSON; the chart stands alone (verdicts would break the fence it is pasted into).
  const sections: [string, PlanSection | undefined][] = [
    [
      "dashboard",
      values.dashboard || values["dashboard-svg"] !== undefined ? dashboardSection(run, { replaceText: values.dashboard, svgFile: values["dashboard-svg"] }) : undefined,
    ],
    ["flows", values.flows ? await flowsSection(run) : undefined],
    ["mermaid", values.mermaid ? mermaidSection(plan, run, values.program) : undefined],
    [
      "violations",
      values["skip-policy"] || values.mermaid
        ? undefined
        : (preview?.violations ?? (await policySection(plan, run, { markdown: values.markdown, configFile: values["policy-pack-config"] }))),
    ],
    ["undecided", values.mermaid ? undefined : preview?.undecided],
  ];
  const extras: Record<string, unknown> = {};
  const texts: string[] = [];
  let replaced = false;
  let failed = false;
  for (const [key, section] of sections) {
    if (!section) continue;
    extras[key] = section.json;
    texts.push(section.text);
    replaced ||= section.replaceText === true;
    failed ||= section.failed === true;
  }
  const output = values.json ? JSON.stringify({ ...plan, ...extras }, null, 2) : [...(replaced ? [] : [formatPlan(plan)]), ...texts].join("\n\n");
  // Exit only once stdout is flushed: a pipe takes 64 KiB at a time, and exiting earlier cuts the JSON.
  await new Promise<void>((resolve) => process.stdout.write(`${output}\n`, () => resolve()));
  return failed ? 1 : 0;
}

/** `key=value` pairs; a value that parses as JSON (true, 42, ["a"]) is taken as that value. */
function configOverrides(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--config expects key=value, got "${pair}"`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    out[pair.slice(0, at)] = value;
  }
  return out;
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
