/**
 * The rule table of docs/policy-rules.md, generated from the pack itself: every policy's name,
 * severity, what it checks, how to fix it and its config keys with their defaults.
 */
import { ruleInfos } from "../policy-pack/lib/define";
import { policies } from "../policy-pack/policies";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function policyRulesMarkdown(): string {
  const rules = ruleInfos();
  const order = new Map(policies.map((p, i) => [p.name, i]));
  const rows = [...rules]
    .filter((r) => order.has(r.name))
    .sort((a, b) => order.get(a.name)! - order.get(b.name)!)
    .map((r) => {
      const config = Object.entries(r.config).map(([k, v]) => `\`${k}\` (default \`${JSON.stringify(v)}\`)`).join("<br>") || "-";
      return `| \`${r.name}\` | ${r.enforcementLevel} | ${cell(r.description)} | ${cell(r.fix)} | ${cell(config)} |`;
    });
  return [
    "# Policy rules",
    "",
    "Generated from the pack by `npm run -s docs:policy-rules` (a test keeps it in sync). Set config per rule with",
    "`pulumi preview --policy-pack policy-pack --policy-pack-config <file>` or `npm run plan -- --policy-pack-config <file>`,",
    "a JSON object keyed by rule name, e.g. `{\"cloudwatch-log-retention\": {\"minRetentionDays\": 90}}`.",
    "",
    `${rows.length} rules. Measured recall and false positives on the corpus: [policy-corpus.md](policy-corpus.md).`,
    "",
    "| Rule | Severity | What it checks | How to fix | Config keys |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
