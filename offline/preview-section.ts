/**
 * `npm run plan -- --preview`: the policy verdicts a first `pulumi preview` of a new stack would
 * give, with every check the pack could not decide before anything exists.
 */
import { readPolicyConfig, type PlanSection } from "./plan-sections";
import type { PlanResult } from "./plan";
import { evaluatePreview, type UndecidedCheck } from "./preview";
import { countByLevel, formatVerdicts, resourceLabel } from "./policy-report";
import type { ProgramRun } from "./run-program";

export function formatUndecided(undecided: readonly UndecidedCheck[], resources: PlanResult["resources"]): string {
  const mandatory = undecided.filter((u) => u.enforcementLevel === "mandatory").length;
  const lines = [`Undecided at first preview: ${undecided.length} checks (${mandatory} of mandatory rules, ${undecided.length - mandatory} of advisory rules)`];
  for (const u of undecided) lines.push(`  ? ${u.policy} [${u.enforcementLevel}]  ${resourceLabel(u.urn, resources)}`);
  return lines.join("\n");
}

/** Verdicts over the preview run; fails on a mandatory violation or a mandatory rule that could not decide. */
export async function previewPolicySection(plan: PlanResult, run: ProgramRun, options: { configFile?: string }): Promise<{ violations: PlanSection; undecided: PlanSection }> {
  const config = options.configFile === undefined ? undefined : readPolicyConfig(options.configFile);
  const { violations, undecided } = await evaluatePreview(run, { config });
  const undecidedMandatory = undecided.some((u) => u.enforcementLevel === "mandatory");
  return {
    violations: { json: violations, text: formatVerdicts(violations, plan.resources), failed: countByLevel(violations).mandatory > 0 },
    undecided: { json: undecided, text: formatUndecided(undecided, plan.resources), failed: undecidedMandatory },
  };
}
