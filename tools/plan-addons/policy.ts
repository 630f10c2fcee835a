/**
 * `npm run plan` add-on: the policy pack's verdicts on the planned resources, through the same
 * analyzer handlers the pack's gRPC server uses (offline/policy-eval).
 *
 *   --markdown                     a pull-request comment instead of the tree
 *   --policy-pack-config <file>    per-policy config, the same JSON file `pulumi preview --policy-pack-config` takes
 *   --skip-policy                  plan without verdicts
 *
 * Verdicts are always evaluated (the plan's contract): `--json` gains `"violations"`, and the
 * command exits 1 when any mandatory policy is violated.
 */
import { readFileSync } from "fs";
import type { PlanAddon } from "../../offline/plan-addons";
import { evaluatePolicies, PolicyConfig } from "../../offline/policy-eval";
import { countByLevel, formatMarkdown, formatVerdicts } from "../../offline/policy-report";

/** Reads a --policy-pack-config file; bad input is an error that names the file and the problem. */
export function readPolicyConfig(file: string): PolicyConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`--policy-pack-config: cannot read ${file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`--policy-pack-config: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`--policy-pack-config: ${file} must hold an object keyed by policy name, e.g. {"lambda-free-tier-limits": {"maxMemoryMb": 1024}}`);
  }
  return parsed as PolicyConfig;
}

export const addon: PlanAddon = {
  name: "violations",
  options: {
    markdown: { type: "boolean", default: false },
    "policy-pack-config": { type: "string" },
    "skip-policy": { type: "boolean", default: false },
  },
  async run(plan, run, flags) {
    if (flags["skip-policy"] === true) return undefined;
    const configFile = flags["policy-pack-config"];
    const config = typeof configFile === "string" ? readPolicyConfig(configFile) : undefined;
    const violations = await evaluatePolicies(run.resources, { config });
    const failed = countByLevel(violations).mandatory > 0;
    if (flags.markdown === true) {
      return { json: violations, text: formatMarkdown(plan.stack, violations, plan.resources), replaceText: true, failed };
    }
    return { json: violations, text: formatVerdicts(violations, plan.resources), failed };
  },
};
