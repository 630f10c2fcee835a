// `npm run -s plan -- [flags]`: what `pulumi up` would create, computed under Pulumi's mock
// runtime (no AWS credentials, no Pulumi CLI), followed by the policy pack's verdicts and the
// estimated monthly cost. `--help` lists the flags (tools/plan-flags.ts); exit codes are
// tools/exit-codes.ts's. With --json each view adds its key: "cost", "dashboard", "flows",
// "mermaid", "violations", "undecided".
// --preview plans as a first `pulumi preview` of a new stack (computed outputs unknown) and adds
// "undecided" (checks the pack could not decide); --secret-placeholder <text> plans `secure:` values with it.
import { costSection } from "../offline/cost-section";
import { computePlan, formatPlan } from "../offline/plan";
import { dashboardSection, flowsSection, mermaidSection, PlanSection, policySection } from "../offline/plan-sections";
import { previewPolicySection } from "../offline/preview-section";
import { parseFlags, UsageError } from "./cli-flags";
import { EXIT } from "./exit-codes";
import { PLAN_FLAGS, PLAN_HELP } from "./plan-flags";

async function main(): Promise<number> {
  const values = parseFlags(PLAN_FLAGS, process.argv.slice(2)).values;
  if (values.help) {
    await write(PLAN_HELP);
    return EXIT.ok;
  }
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
    ["cost", values.mermaid ? undefined : costSection(plan, { markdown: values.markdown, configFile: values["policy-pack-config"] })],
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
  await write(output);
  return failed ? EXIT.findings : EXIT.ok;
}

/** Exit only once stdout is flushed: a pipe takes 64 KiB at a time, and exiting earlier cuts the JSON. */
function write(text: string): Promise<void> {
  return new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
}

/** `key=value` pairs; a value that parses as JSON (true, 42, ["a"]) is taken as that value. */
function configOverrides(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--config expects key=value, got "${pair}"`);
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
    process.exit(EXIT.usage);
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
    if (error instanceof UsageError) console.error(`plan: ${error.message} (npm run -s plan -- --help lists the flags)`);
    else console.error(`plan failed: ${error.message}`);
    if (process.env.PLAN_DEBUG) console.error(error.stack);
    process.exit(EXIT.usage);
  },
);
