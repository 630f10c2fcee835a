/**
 * Coverage by catalogue: every resource type of the installed @pulumi/aws that, by its input
 * properties, (a) stores data at rest, (b) carries a resource-based policy, (c) shares itself or
 * its data, (d) exposes a network endpoint or listener, (e) holds free-form configuration that can
 * carry a secret, (f) sets a TLS policy or protocol; and the rules of the pack that judge it, or
 * "not covered" with the reason. The classes are decided from the provider's own type
 * declarations, so a provider upgrade that adds a type shows up in the table (and its test).
 */
import * as fs from "fs";
import * as path from "path";
import { ruleInfos } from "../policy-pack/lib/define";
import { T } from "../policy-pack/lib/resources";
import { EGRESS_TYPES } from "../policy-pack/policies/data-egress";

export interface ProviderType {
  readonly type: string;
  readonly inputs: readonly string[];
}

/** The custom resource types of the installed @pulumi/aws with their input property names. */
export function providerTypes(root = path.dirname(require.resolve("@pulumi/aws/package.json"))): ProviderType[] {
  const found: ProviderType[] = [];
  for (const dir of fs.readdirSync(root).sort()) {
    const directory = path.join(root, dir);
    if (!fs.statSync(directory).isDirectory() || dir === "node_modules" || dir === "types") continue;
    for (const file of fs.readdirSync(directory).sort()) {
      if (!file.endsWith(".d.ts")) continue;
      const declaration = fs.readFileSync(path.join(directory, file), "utf8");
      const className = /export declare class (\w+) extends pulumi\.CustomResource/.exec(declaration)?.[1];
      const js = path.join(directory, file.replace(/\.d\.ts$/, ".js"));
      if (!className || !fs.existsSync(js)) continue;
      const type = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(js, "utf8"))?.[1];
      if (!type) continue;
      const args = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(declaration)?.[1] ?? "";
      found.push({ type, inputs: [...args.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]) });
    }
  }
  return found;
}

export interface Concern {
  readonly id: "a" | "b" | "c" | "d" | "e" | "f";
  readonly title: string;
  readonly applies: (type: ProviderType) => boolean;
  /** Why a type of this concern without a rule is not judged. */
  readonly uncovered: string;
}

const has = (t: ProviderType, pattern: RegExp) => t.inputs.some((p) => pattern.test(p));
const named = (t: ProviderType, pattern: RegExp) => pattern.test(t.type.slice(t.type.lastIndexOf(":") + 1));

export const CONCERNS: readonly Concern[] = [
  {
    id: "a",
    title: "stores data at rest",
    applies: (t) =>
      has(
        t,
        /^(kmsKeyId|kmsKeyArn|kmsMasterKeyId|serverSideEncryptionConfigurations?|encrypted|storageEncrypted|encryptionConfiguration|serverSideEncryption|encryptionAtRest|sseSpecification|encryptAtRest|atRestEncryptionEnabled)$/,
      ),
    uncovered: "no encryption rule: a service outside this stack's family (storage, tables, topics, queues, functions, logs, trails); judge it with the service's own controls",
  },
  {
    id: "b",
    title: "carries a resource-based policy",
    applies: (t) => (named(t, /Policy(V2)?$/) && has(t, /^policy$/)) || has(t, /^(accessPolicies|resourcePolicy|policyDocument)$/),
    uncovered: "its document is not read by resource-policy-no-public-principal yet: add the type and property to policy-pack/lib/resource-policies.ts",
  },
  {
    id: "c",
    title: "shares itself or its data with other accounts or the public",
    applies: (t) =>
      has(t, /^sharedAccounts$/) ||
      named(t, /(Permission|Share|Sharing|Grant|Replication|ReplicationConfig|Export|Subscription|SubscriptionFilter|Target|ResourceAssociation|LaunchPermission)(V2)?$/),
    uncovered: "its destination or grantee is not judged by data-egress-cross-account: add it to the rule's destinations",
  },
  {
    id: "d",
    title: "exposes a network endpoint or listener",
    applies: (t) => has(t, /^(port|listenerArn|publiclyAccessible|endpointConfiguration|authorizationType|authorization|allowUnauthenticatedIdentities|associatePublicIpAddress)$/),
    uncovered: "no exposure rule for this front door: keep it private (VPC, security groups) and judge it with the service's controls",
  },
  {
    id: "e",
    title: "holds free-form configuration that can carry a secret",
    applies: (t) =>
      has(t, /^(environment|userData|userDataBase64|definition|containerDefinitions|environmentVariables|secretString|script|command)$/) ||
      (t.type.startsWith("aws:ssm/") && has(t, /^value$/)),
    uncovered: "its configuration is not read by the secret detector: add its property to no-plaintext-secrets",
  },
  {
    id: "f",
    title: "sets a TLS policy or protocol",
    applies: (t) => has(t, /^(sslPolicy|securityPolicy|minimumProtocolVersion|tlsPolicy|viewerCertificate|enforceHttps|tlsSecurityPolicy|domainEndpointOptions)$/),
    uncovered: "its TLS setting is not judged by transport-tls-1-2: add the type to the rule",
  },
];

/** The types each stack policy judges (resource policies list their own). */
const STACK_POLICY_TYPES: Readonly<Record<string, readonly string[]>> = {
  "s3-public-access-block": T.bucket,
  "s3-no-public-acl-ownership-enforced": [...T.bucket, ...T.bucketAcl],
  "s3-bucket-sse-kms-cmk": [...T.bucket, ...T.sse],
  "s3-bucket-key-enabled": [...T.bucket, ...T.sse],
  "s3-bucket-policy-denies-insecure-transport": [...T.bucket, ...T.bucketPolicy],
  "sns-topic-policy-denies-insecure-transport": [...T.topic, ...T.topicPolicy],
  "s3-access-logs-separate-bucket": T.logging,
  "data-egress-cross-account": EGRESS_TYPES,
  "ec2-security-group-internet-ingress": [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  ],
};

export interface CoverageRow {
  readonly type: string;
  readonly concern: Concern;
  readonly rules: readonly string[];
}

/** Every (type, concern) of the installed provider with the rules that judge the type. */
export function coverageRows(types: readonly ProviderType[] = providerTypes()): CoverageRow[] {
  const rulesOf = new Map<string, string[]>();
  const add = (type: string, rule: string) => rulesOf.set(type, [...(rulesOf.get(type) ?? []), rule]);
  for (const rule of ruleInfos()) for (const type of rule.types) add(type, rule.name);
  for (const [rule, ruleTypes] of Object.entries(STACK_POLICY_TYPES)) for (const type of ruleTypes) add(type, rule);
  return types.flatMap((t) => CONCERNS.filter((c) => c.applies(t)).map((concern) => ({ type: t.type, concern, rules: [...new Set(rulesOf.get(t.type) ?? [])] })));
}

export function coverageMarkdown(rows: readonly CoverageRow[] = coverageRows()): string[] {
  const covered = rows.filter((r) => r.rules.length > 0).length;
  return [
    "## Coverage by catalogue",
    "",
    `Every resource type of the installed \`@pulumi/aws\` that, by its input properties, falls in one of six classes (offline/coverage-catalogue.ts), and the rules that judge it: ${rows.length} (type, class) pairs, ${covered} judged by a rule. A rule listed for a type judges that type; it may judge other concerns of it than the class named.`,
    "",
    ...CONCERNS.map((c) => `- (${c.id}) ${c.title}: ${rows.filter((r) => r.concern.id === c.id).length} types. Not covered means: ${c.uncovered}.`),
    "",
    "| Type | Class | Rules |",
    "| --- | --- | --- |",
    ...rows.map((r) => `| \`${r.type}\` | (${r.concern.id}) | ${r.rules.length > 0 ? r.rules.map((n) => `\`${n}\``).join(", ") : "not covered"} |`),
    "",
  ];
}
