/** The flags of `npm run plan` (tools/plan.ts): one row each, read by the parser and by `--help`. */
import { helpText, type FlagTable } from "./cli-flags";

/** Every flag, one row each: parsing and `--help` both read this table. */
export const PLAN_FLAGS = {
  stack: { type: "string", default: "dev", value: "<name>", help: "the stack whose Pulumi.<name>.yaml is planned" },
  program: { type: "string", default: "index.ts", value: "<path>", help: "the Pulumi program to run" },
  config: { type: "string", multiple: true, default: [], value: "<key=value>", help: "a config value over the stack file, as `pulumi config set` would (e.g. vpcIsolation=true)" },
  json: { type: "boolean", default: false, help: "print one JSON document: the plan plus a key per view" },
  markdown: { type: "boolean", default: false, help: "print the verdicts and the cost as a pull-request comment instead of the tree" },
  "policy-pack-config": { type: "string", value: "<file>", help: "policy pack config (JSON keyed by policy name), as `pulumi preview --policy-pack-config`" },
  "skip-policy": { type: "boolean", default: false, help: "do not evaluate the policy pack" },
  mermaid: { type: "boolean", default: false, help: "print the architecture chart (Mermaid) instead of the tree, without verdicts" },
  flows: { type: "boolean", default: false, help: "evaluate and print the flow matrix (who may do what) instead of the tree" },
  dashboard: { type: "boolean", default: false, help: "print the CloudWatch dashboard's widgets instead of the tree" },
  "dashboard-svg": { type: "string", value: "<file>", help: "write the dashboard layout as an SVG picture" },
  preview: { type: "boolean", default: false, help: "plan as a first `pulumi preview` of a new stack (computed outputs unknown); adds the checks the pack could not decide" },
  "secret-placeholder": { type: "string", value: "<text>", help: "plan `secure:` config values with this text instead of refusing them" },
} as const satisfies FlagTable;

export const PLAN_HELP = helpText("npm run -s plan -- [flags]", PLAN_FLAGS, {
  ok: "planned, no mandatory policy violation (and every flow as expected with --flows)",
  findings: "a mandatory policy violation (or a flow not as expected)",
  usage: "usage error (unknown flag, bad value) or the program, its configuration or the plan failed",
});
