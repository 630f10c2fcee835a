/** docs/policy-rules.md is the generated rule table of the pack as it is now. */
import { readFileSync } from "fs";
import * as path from "path";
import { ACKNOWLEDGE_KEY } from "../../policy-pack/lib/acknowledgements";
import { coverageRows, providerTypes } from "../../offline/coverage-catalogue";
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

describe("coverage by catalogue", () => {
  const rows = coverageRows();
  const doc = readFileSync(path.join(__dirname, "../../docs/policy-rules.md"), "utf8");

  it("lists every type of the installed provider that falls in a class, with its class", () => {
    const missing = rows.filter((r) => !doc.includes(`| \`${r.type}\` | (${r.concern.id}) |`)).map((r) => `${r.type} (${r.concern.id})`);
    expect(missing).toEqual([]);
    expect(providerTypes().length).toBeGreaterThan(1000);
  });

  it("classifies by the provider's input properties and names the rules that judge a type", () => {
    const rulesOf = (type: string, id: string) => rows.find((r) => r.type === type && r.concern.id === id)?.rules;
    expect(rulesOf("aws:s3/bucketV2:BucketV2", "a")).toEqual(expect.arrayContaining(["s3-bucket-sse-kms-cmk"]));
    expect(rulesOf("aws:lb/listener:Listener", "f")).toEqual(["transport-tls-1-2"]);
    expect(rulesOf("aws:ssm/parameter:Parameter", "e")).toEqual(["no-plaintext-secrets"]);
    expect(rulesOf("aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission", "c")).toEqual(["data-egress-cross-account"]);
    expect(rulesOf("aws:sqs/queuePolicy:QueuePolicy", "b")).toEqual(expect.arrayContaining(["resource-policy-no-public-principal"]));
    expect(rows.some((r) => r.rules.length === 0)).toBe(true);
  });
});
