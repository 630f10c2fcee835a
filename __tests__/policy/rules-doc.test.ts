/** docs/policy-rules.md is the generated rule table of the pack as it is now. */
import { readFileSync } from "fs";
import * as path from "path";
import { ACKNOWLEDGE_KEY } from "../../policy-pack/lib/acknowledgements";
import { defaultsOf, ruleInfos } from "../../policy-pack/lib/define";
import { policies } from "../../policy-pack/policies";
import { policyRulesMarkdown } from "../../offline/policy-rules-table";

const DOC = path.resolve(__dirname, "..", "..", "docs", "policy-rules.md");

it("is what `npm run -s docs:policy-rules` generates", () => {
  expect(readFileSync(DOC, "utf8")).toBe(policyRulesMarkdown());
});

it("has one row per policy of the pack, with its level and config keys", () => {
  const doc = readFileSync(DOC, "utf8");
  for (const policy of policies) {
    const row = doc.split("\n").find((line) => line.startsWith(`| \`${policy.name}\` |`));
    expect(row).toContain(`| ${policy.enforcementLevel} |`);
    // Every rule takes `acknowledge`; the table's header documents it once.
    for (const key of Object.keys(policy.configSchema?.properties ?? {}).filter((k) => k !== ACKNOWLEDGE_KEY)) expect(row).toContain(`\`${key}\``);
  }
  expect(
    ruleInfos()
      .map((r) => r.name)
      .sort(),
  ).toEqual(policies.map((p) => p.name).sort());
});

it("takes every default from the config schema", () => {
  expect(defaultsOf({ properties: { a: { type: "integer", default: 3 }, b: { type: "array", default: [] } } })).toEqual({ a: 3, b: [] });
  expect(defaultsOf(undefined)).toEqual({});
  const retention = ruleInfos().find((r) => r.name === "cloudwatch-log-retention")!;
  expect(retention.config).toEqual({ minRetentionDays: 30, maxRetentionDays: 365, allowedRetentionDays: [] });
});
