/**
 * Policy verdicts for people: grouped by severity with resource names, as plain text for the
 * terminal and as Markdown for a pull-request comment. The data comes from offline/policy-eval.
 */
import { ACKNOWLEDGED_PREFIX } from "../policy-pack/lib/acknowledgements";
import type { Violation } from "./policy-protocol";

interface Named {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
}

const LEVELS = [
  { level: "mandatory", title: "Mandatory (blocks the deployment)", mark: "✗" },
  { level: "advisory", title: "Advisory", mark: "!" },
  { level: "acknowledged", title: "Acknowledged (accepted in the pack config, with the reason)", mark: "~" },
] as const;

function groupOf(violation: Violation): (typeof LEVELS)[number]["level"] {
  return violation.enforcementLevel === "advisory" && detailOf(violation).startsWith(ACKNOWLEDGED_PREFIX) ? "acknowledged" : violation.enforcementLevel;
}

function headline(violations: readonly Violation[]): string {
  const { mandatory, advisory } = countByLevel(violations);
  const acknowledged = violations.filter((v) => groupOf(v) === "acknowledged").length;
  return `${mandatory} mandatory, ${advisory} advisory${acknowledged > 0 ? ` (${acknowledged} acknowledged)` : ""}`;
}

/** The specific message: @pulumi/policy prefixes string reports with the policy description. */
export function detailOf(violation: Violation): string {
  const lines = violation.message.split("\n");
  return lines[lines.length - 1];
}

/** "name (type)" for a resource URN; "(stack)" for stack-wide findings, which carry no URN. */
export function resourceLabel(urn: string, resources: readonly Named[]): string {
  if (!urn) return "(stack)";
  const resource = resources.find((r) => r.urn === urn);
  if (resource) return `${resource.name} (${resource.type})`;
  const parts = urn.split("::");
  return `${parts[parts.length - 1]} (${parts[parts.length - 2]?.split("$").pop() ?? "?"})`;
}

export function countByLevel(violations: readonly Violation[]): { mandatory: number; advisory: number } {
  return {
    mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
    advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
  };
}

export function formatVerdicts(violations: readonly Violation[], resources: readonly Named[]): string {
  const lines = [`Policy verdicts: ${headline(violations)}`];
  for (const { level, title, mark } of LEVELS) {
    const group = violations.filter((v) => groupOf(v) === level);
    if (group.length === 0) continue;
    lines.push("", `${title}:`);
    for (const v of group) lines.push(`  ${mark} ${v.policyName}  ${resourceLabel(v.urn, resources)}`, `      ${detailOf(v)}`);
  }
  return lines.join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A report for a pull-request comment: verdict first, then one table per severity. */
export function formatMarkdown(stack: string, violations: readonly Violation[], resources: readonly Named[]): string {
  const { mandatory } = countByLevel(violations);
  const verdict = mandatory > 0 ? `❌ ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}` : "✅ No mandatory policy violations";
  const lines = [`### Policy pack: ${verdict}`, "", `Stack \`${stack}\`: ${resources.length} resources planned; ${headline(violations)}.`];
  for (const { level, title } of LEVELS) {
    const group = violations.filter((v) => groupOf(v) === level);
    if (group.length === 0) continue;
    lines.push("", `#### ${title}`, "", "| Policy | Resource | What to fix |", "| --- | --- | --- |");
    for (const v of group) lines.push(`| \`${v.policyName}\` | ${cell(resourceLabel(v.urn, resources))} | ${cell(detailOf(v))} |`);
  }
  return lines.join("\n");
}
