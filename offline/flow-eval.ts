/**
 * Evaluates the flow table (offline/flow-table.ts) against the policies of a planned program
 * (offline/flow-world.ts) with @cloud-copilot/iam-simulate: identity policies ∩ permissions
 * boundary, and the resource policy of the target (key, bucket, topic, queue, function, role trust).
 *
 * Model limits, which the rows work around and docs/flows.md lists:
 * - iam-simulate 0.1.x drops `kms:EncryptionContext:*` keys from the request (their name has a
 *   variable after ":", which its key matcher does not recognise), so a statement conditioned on
 *   one (CloudTrail's, CloudWatch Logs') would never match. `withEncryptionContextSurrogate`
 *   renames each such key, in the policies and in the row's context alike, to a variable key it
 *   does carry (`aws:PrincipalTag/kms-encryption-context:<key>`): the operator and values are
 *   still evaluated, only the key's name is a stand-in.
 * - It derives no request context: every key a policy tests (`aws:PrincipalArn`,
 *   `kms:ViaService`, `aws:SourceArn`, ...) comes from the row or from `defaultContext` below.
 * - It knows no AWS-managed policy contents (the Config role's AWS_ConfigRole) and no SCPs.
 *
 * Licence: iam-simulate is AGPL-3.0, a devDependency. This module is dev tooling (tests and the
 * `--flows` section of the plan, offline/plan-sections.ts, which requires it lazily); shipped code never imports it.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { FLOW_FIXTURE_PRINCIPALS, FLOW_FIXTURE_RESOURCE_POLICIES, FLOW_ROWS, FlowExpectation, FlowRow, OTHER_ACCOUNT } from "./flow-table";
import { FlowWorld, WorldPolicy, resourcePolicyFor } from "./flow-world";

export type FlowDecision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied" | "NotApplicable";

/** One evaluated row: the `--json` output's `flows[]` element. */
export interface FlowResult {
  readonly id: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly expected: FlowExpectation;
  readonly decision: FlowDecision;
}

/** A row with its templates filled in and the policies that decide it. */
export interface ResolvedFlow {
  readonly row: FlowRow;
  readonly principalArn: string;
  readonly resource: string;
  readonly context: Record<string, string>;
  readonly identity: WorldPolicy[];
  readonly boundary?: WorldPolicy;
  readonly resourcePolicy?: WorldPolicy;
  readonly anonymous: boolean;
}

const ADMINISTRATOR_ACCESS: WorldPolicy = {
  label: "fixture AdministratorAccess",
  kind: "identity",
  document: { Version: "2012-10-17", Statement: [{ Sid: "AdministratorAccess", Effect: "Allow", Action: "*", Resource: "*" }] },
};

/** Fills `{name}` placeholders; returns undefined when an anchor is missing. */
function fill(template: string, world: FlowWorld): string | undefined {
  let missing = false;
  const value = template.replace(/\{([A-Za-z0-9-]+)\}/g, (_, name: string) => {
    const fixed: Record<string, string> = { account: world.account, region: world.region, partition: world.partition, otherAccount: OTHER_ACCOUNT };
    const found = fixed[name] ?? world.anchors.get(name);
    if (found === undefined) missing = true;
    return found ?? "";
  });
  return missing ? undefined : value;
}

function anchorsIn(row: FlowRow): string[] {
  const text = [row.principal, row.resource, ...Object.values(row.context ?? {})].join(" ");
  return [...text.matchAll(/\{([A-Za-z0-9-]+)\}/g)].map((m) => m[1]).filter((n) => !["account", "region", "partition", "otherAccount"].includes(n));
}

/** The resource policy of a fixture resource (e.g. another key with the default key policy), filled in. */
function fixturePolicyFor(resource: string, world: FlowWorld): WorldPolicy | undefined {
  const entry = Object.entries(FLOW_FIXTURE_RESOURCE_POLICIES).find(([template]) => fill(template, world) === resource);
  if (!entry) return undefined;
  const document = JSON.parse(fill(JSON.stringify(entry[1]), world) as string) as WorldPolicy["document"];
  return { label: `fixture ${entry[0]}`, kind: "resource", document };
}

/** Resolves a row, or returns undefined when it is not applicable (an anchor it `requires` is absent). */
export function resolveFlow(row: FlowRow, world: FlowWorld): ResolvedFlow | undefined {
  const roleName = row.principal.startsWith("role:") ? row.principal.slice(5) : undefined;
  if ((row.requires ?? []).some((n) => !world.anchors.has(n) && !world.roles.has(n))) return undefined;
  if ((row.absentWith ?? []).some((n) => world.anchors.has(n) || world.roles.has(n))) return undefined;
  const needed = [...anchorsIn(row), ...(roleName ? [roleName] : [])];
  const absent = needed.filter((n) => !world.anchors.has(n) && !world.roles.has(n));
  if (absent.length > 0) {
    throw new Error(`flow ${row.id}: the program has no resource named ${absent.join(", ")} (list it in the row's requires if the row is conditional)`);
  }
  const must = (t: string) => fill(t, world) as string;
  const resource = must(row.resource);
  const rowContext = Object.fromEntries(Object.entries(row.context ?? {}).map(([k, v]) => [k, must(v)]));
  const base = { anonymous: false, row, resource, resourcePolicy: resourcePolicyFor(world, resource) ?? fixturePolicyFor(resource, world) };
  const tls = { "aws:SecureTransport": "true" };

  if (roleName) {
    const role = world.roles.get(roleName)!;
    const principalArn = `arn:${world.partition}:sts::${world.account}:assumed-role/${role.name}/flows`;
    const context = { ...tls, "aws:PrincipalArn": role.arn, "aws:PrincipalAccount": world.account, "aws:PrincipalIsAWSService": "false", ...rowContext };
    return { ...base, principalArn, context, identity: role.identity, ...(role.boundary ? { boundary: role.boundary } : {}) };
  }
  if (row.principal.startsWith("service:")) {
    const principalArn = must(row.principal.slice(8));
    return { ...base, principalArn, context: { ...tls, "aws:PrincipalIsAWSService": "true", ...rowContext }, identity: [] };
  }
  if (row.principal === "anonymous") {
    return { ...base, anonymous: true, principalArn: "anonymous", context: { ...tls, ...rowContext }, identity: [] };
  }
  const fixture = FLOW_FIXTURE_PRINCIPALS[row.principal as keyof typeof FLOW_FIXTURE_PRINCIPALS];
  if (!fixture) throw new Error(`flow ${row.id}: unknown principal ${row.principal}`);
  const principalArn = must(fixture.arn);
  const account = principalArn.split(":")[4];
  // aws:PrincipalArn of a role session is the role's ARN.
  const arnForConditions = principalArn.replace(/:sts::(\d+):assumed-role\/([^/]+)\/.*$/, ":iam::$1:role/$2");
  const context = { ...tls, "aws:PrincipalArn": arnForConditions, "aws:PrincipalAccount": account, "aws:PrincipalIsAWSService": "false", ...rowContext };
  const actions: readonly string[] | undefined = "actions" in fixture ? fixture.actions : undefined;
  const identity: WorldPolicy = actions
    ? {
        label: `fixture ${row.principal}`,
        kind: "identity",
        document: { Version: "2012-10-17", Statement: [{ Sid: "Broad", Effect: "Allow", Action: [...actions], Resource: "*" }] },
      }
    : ADMINISTRATOR_ACCESS;
  return { ...base, principalArn, context, identity: [identity] };
}

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:/i;
const SURROGATE = "aws:PrincipalTag/kms-encryption-context:";

/** Renames `kms:EncryptionContext:<key>` condition keys to the surrogate (see the model limits above). */
export function withEncryptionContextSurrogate<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withEncryptionContextSurrogate) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(ENCRYPTION_CONTEXT, SURROGATE), withEncryptionContextSurrogate(v)])) as T;
}

/** Evaluates one resolved flow with iam-simulate; `override` swaps documents (mutation test). */
export async function decide(flow: ResolvedFlow, world: FlowWorld, override?: (p: WorldPolicy) => unknown): Promise<FlowDecision> {
  const doc = (p: WorldPolicy) => withEncryptionContextSurrogate(override ? override(p) : p.document);
  const resourceAccount = /^arn:[^:]+:s3:::/.test(flow.resource) || flow.resource === "*" ? world.account : flow.resource.split(":")[4] || world.account;
  const result = await runSimulation(
    {
      request: {
        principal: flow.anonymous ? { type: "Anonymous" } : flow.principalArn,
        action: flow.row.action,
        resource: { resource: flow.resource, accountId: resourceAccount },
        contextVariables: withEncryptionContextSurrogate(flow.context),
      },
      identityPolicies: flow.identity.map((p, i) => ({ name: `identity-${i}`, policy: doc(p) })),
      permissionBoundaryPolicies: flow.boundary ? [{ name: "boundary", policy: doc(flow.boundary) }] : undefined,
      resourcePolicy: flow.resourcePolicy ? doc(flow.resourcePolicy) : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    } as Parameters<typeof runSimulation>[0],
    { simulationMode: "Strict" },
  );
  if (result.resultType === "error") {
    throw new Error(`iam-simulate rejected flow ${flow.row.id} (${flow.row.action} on ${flow.resource}): ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as FlowDecision;
}

export const isAllowed = (d: FlowDecision): boolean => d === "Allowed";

/** Evaluates every row of the table against the world. */
export async function evaluateFlows(world: FlowWorld, rows: readonly FlowRow[] = FLOW_ROWS): Promise<FlowResult[]> {
  const ids = new Set<string>();
  const results: FlowResult[] = [];
  for (const row of rows) {
    if (ids.has(row.id)) throw new Error(`flow ${row.id} is declared twice`);
    ids.add(row.id);
    const flow = resolveFlow(row, world);
    const decision = flow ? await decide(flow, world) : "NotApplicable";
    results.push({ id: row.id, principal: row.principal, action: row.action, resource: flow?.resource ?? row.resource, expected: row.expected, decision });
  }
  return results;
}

/** A row is as expected when an `allow` row is Allowed and a `deny` row is not; not-applicable rows pass. */
export function asExpected(r: FlowResult): boolean {
  return r.decision === "NotApplicable" || isAllowed(r.decision) === (r.expected === "allow");
}

/** The readable matrix `npm run -s plan -- --flows` prints. */
export function formatFlowMatrix(results: readonly FlowResult[]): string {
  const header = ["", "flow", "principal", "action", "expected", "decision"];
  const rows = results.map((r) => [asExpected(r) ? "ok" : "XX", r.id, r.principal, r.action, r.expected, r.decision]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const wrong = results.filter((r) => !asExpected(r)).length;
  const applicable = results.filter((r) => r.decision !== "NotApplicable");
  return [
    line(header),
    ...rows.map(line),
    "",
    `Flows: ${applicable.length} evaluated (${applicable.filter((r) => r.expected === "allow").length} allow, ${applicable.filter((r) => r.expected === "deny").length} deny), ` +
      `${results.length - applicable.length} not applicable, ${wrong} not as expected`,
  ].join("\n");
}
