/**
 * Acknowledged findings: a policy's config lists the findings a team has accepted, each with the
 * resource it is on, the finding id where the rule gives one (an action, a statement Sid, a port)
 * and a reason. They live in the pack config file (`--policy-pack-config`), which the Pulumi CLI
 * and `npm run plan` both read, so an acknowledgement is reviewed in the pull request like code
 * and works for every resource type, tagged or not, and for stack-wide findings.
 *
 * An acknowledged finding is reported as an advisory `acknowledged: … (reason: …)` instead of a
 * violation. An acknowledgement without a reason, or one that matches no finding, is itself a
 * mandatory violation, so stale acknowledgements cannot pile up.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { Finding } from "./findings";
import type { Res } from "./resources";

export interface Acknowledgement {
  /** The resource's logical name or URN; omitted for a stack-wide finding (one without a resource). */
  readonly resource?: string;
  /** The finding id, for rules whose findings carry one; omitted when the finding has none. */
  readonly finding?: string;
  readonly reason?: string;
}

/** How an acknowledged finding's message starts (the plan's report groups them by it). */
export const ACKNOWLEDGED_PREFIX = "acknowledged: ";

/** The config property every policy takes its acknowledgements from. */
export const ACKNOWLEDGE_KEY = "acknowledge";

/** The JSON schema of that property, added to every policy's config schema (the CLI validates config against it). */
export const ACKNOWLEDGE_SCHEMA: PolicyConfigSchema["properties"] = {
  [ACKNOWLEDGE_KEY]: {
    type: "array",
    description: "Findings accepted with a reason: [{ resource, finding?, reason }].",
    default: [],
    items: {
      type: "object",
      properties: { resource: { type: "string" }, finding: { type: "string" }, reason: { type: "string" } },
      additionalProperties: false,
    },
  },
};

/** The acknowledgements in a policy's config; a malformed entry is kept so that it is reported, not dropped. */
export function acknowledgementsOf(config: object): Acknowledgement[] {
  const list = (config as Record<string, unknown>)[ACKNOWLEDGE_KEY];
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ resource: `${ACKNOWLEDGE_KEY}: ${JSON.stringify(list)} (not a list)` }];
  return list.map((entry) => (entry !== null && typeof entry === "object" ? (entry as Acknowledgement) : { resource: `${JSON.stringify(entry)} (not an object)` }));
}

export function hasReason(ack: Acknowledgement): boolean {
  return typeof ack.reason === "string" && ack.reason.trim().length > 0;
}

/** Whether an acknowledgement names this resource (by logical name or URN); undefined names the stack. */
function namesResource(ack: Acknowledgement, resource: Pick<Res, "urn" | "name"> | undefined): boolean {
  if (resource === undefined) return ack.resource === undefined;
  return ack.resource === resource.urn || ack.resource === resource.name;
}

/** Violations and advisory notes can be acknowledged; acknowledgement problems cannot. */
function acknowledgeable(finding: Finding): boolean {
  return finding.kind === "violation" || finding.kind === "unknown";
}

/** Whether `ack` (with a reason) accepts `finding` on `resource` (undefined for a stack-wide finding). */
export function matches(ack: Acknowledgement, finding: Finding, resource: Pick<Res, "urn" | "name"> | undefined): boolean {
  return acknowledgeable(finding) && hasReason(ack) && namesResource(ack, resource) && ack.finding === finding.id;
}

export function describe(ack: Acknowledgement): string {
  const where = ack.resource === undefined ? "the stack" : `"${ack.resource}"`;
  return ack.finding === undefined ? `acknowledgement on ${where}` : `acknowledgement of finding "${ack.finding}" on ${where}`;
}

/**
 * Splits findings into those still reported and those acknowledged (reported as advisories with
 * their reason). `resourceOf` says which resource a finding is on.
 */
export function applyAcknowledgements(
  findings: readonly Finding[],
  acks: readonly Acknowledgement[],
  resourceOf: (f: Finding) => Pick<Res, "urn" | "name"> | undefined,
): Finding[] {
  return findings.map((finding) => {
    const ack = acks.find((a) => matches(a, finding, resourceOf(finding)));
    if (!ack) return finding;
    const acknowledged: Finding = { kind: "acknowledged", message: `${ACKNOWLEDGED_PREFIX}${finding.message} (reason: ${ack.reason!.trim()})` };
    return finding.urn === undefined ? acknowledged : { ...acknowledged, urn: finding.urn };
  });
}

/**
 * The acknowledgements that are themselves violations: no reason, or no finding they match.
 * `findingsOn` gives the findings of the policy on a resource (or the stack, for undefined).
 */
export async function invalidAcknowledgements(
  acks: readonly Acknowledgement[],
  resources: readonly Res[],
  findingsOn: (resource: Res | undefined) => Promise<readonly Finding[]>,
): Promise<Finding[]> {
  const problems: Finding[] = [];
  for (const ack of acks) {
    const target = ack.resource === undefined ? undefined : resources.find((r) => namesResource(ack, r));
    if (!hasReason(ack)) {
      problems.push({ kind: "invalid", message: `${describe(ack)} has no reason: say why the finding is accepted`, ...(target ? { urn: target.urn } : {}) });
      continue;
    }
    if (ack.resource !== undefined && target === undefined) {
      problems.push({ kind: "invalid", message: `${describe(ack)} names no resource of this stack` });
      continue;
    }
    const findings = await findingsOn(target);
    if (!findings.some((f) => matches(ack, f, target))) {
      const ids = [...new Set(findings.filter(acknowledgeable).map((f) => f.id ?? "(no id)"))];
      const found = ids.length === 0 ? "the rule finds nothing there" : `the rule's findings there have ids ${ids.join(", ")}`;
      problems.push({ kind: "invalid", message: `${describe(ack)} matches no finding: ${found}; remove it`, ...(target ? { urn: target.urn } : {}) });
    }
  }
  return problems;
}
