/**
 * Key-state alerts that cannot fire. An EventBridge rule on a KMS call such as DisableKey only
 * ever sees it as an "AWS API Call via CloudTrail" event, which exists only while a trail with
 * logging on records the account's KMS management write events. Without one the Critical alert is
 * silent, and nothing else says so.
 */
import { stackPolicy } from "../lib/define";
import { type EventFields, patternMatches } from "../lib/event-pattern";
import { cannotCheck, type Finding, violation } from "../lib/findings";
import { at, ofType, type Res, T } from "../lib/resources";
import { KMS_EVENT_SOURCE, trailCoverage } from "../lib/trail-coverage";
import { isUnknown } from "../lib/values";

/**
 * The KMS calls that weaken a key: it stops working (disabled, deletion scheduled, imported
 * material deleted), stops rotating, or who may use it changes. A key-state alert should watch
 * them all (the SecurityBaseline's rules do; a test holds them to this list).
 */
export const KEY_WEAKENING_CALLS = ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "DisableKeyRotation", "DeleteImportedKeyMaterial"] as const;

const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

function callEvent(call: string): EventFields {
  return { source: "aws.kms", "detail-type": CLOUDTRAIL_DETAIL_TYPE, detail: { eventSource: KMS_EVENT_SOURCE, eventName: call } };
}

/** The weakening calls a rule's pattern could match as CloudTrail events; "unknown" while the pattern is. */
export function watchedCalls(rule: Res): string[] | "unknown" {
  if (at(rule.props, "state") === "DISABLED" || at(rule.props, "isEnabled") === false) return [];
  const pattern = at(rule.props, "eventPattern");
  if (isUnknown(pattern)) return "unknown";
  if (typeof pattern !== "string") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    return [];
  }
  return KEY_WEAKENING_CALLS.filter((call) => patternMatches(parsed, callEvent(call)));
}

export interface KeyAlertsConfig {
  /** Trails outside the stack (an organization trail, another stack's) that record this account's KMS management write events, by ARN or name. */
  readonly existingTrails: readonly string[];
}

export function checkKeyAlertsNeedTrail(resources: Res[], config: KeyAlertsConfig): Finding[] {
  const rules = ofType(resources, T.eventRule).map((rule) => ({ rule, calls: watchedCalls(rule) }));
  const findings: Finding[] = rules.filter((r) => r.calls === "unknown").map((r) => cannotCheck(`whether EventBridge rule "${r.rule.name}" alerts on KMS calls`, r.rule.urn));
  const keyRules = rules.filter((r): r is { rule: Res; calls: string[] } => Array.isArray(r.calls) && r.calls.length > 0);
  if (keyRules.length === 0 || config.existingTrails.length > 0) return findings;

  const trails = ofType(resources, T.trail).map((trail) => ({ trail, coverage: trailCoverage(trail, KEY_WEAKENING_CALLS) }));
  const unknown = trails.find((t) => t.coverage.kind === "unknown");
  const recorded = new Set(trails.flatMap((t) => (t.coverage.kind === "records" ? t.coverage.calls : [])));
  const gaps = trails.map((t) => (t.coverage.kind === "records" && t.coverage.why ? `trail "${t.trail.name}" ${t.coverage.why}` : undefined)).filter(Boolean);
  const why = trails.length === 0 ? "the stack has no CloudTrail trail" : gaps.length > 0 ? gaps.join("; ") : "no trail of the stack records them";
  for (const { rule, calls } of keyRules) {
    const blind = calls.filter((call) => !recorded.has(call));
    if (blind.length === 0) continue;
    if (unknown && unknown.coverage.kind === "unknown") {
      findings.push(cannotCheck(`${unknown.coverage.what} (key-state alert "${rule.name}" depends on it)`, rule.urn));
      continue;
    }
    findings.push(
      violation(
        `Key-state alert "${rule.name}" can never fire: it watches ${blind.join(", ")}, which EventBridge only sees as CloudTrail events, and ${why}. Keep a trail with logging on that records ${KMS_EVENT_SOURCE} management write events (enableCloudTrail: true), or name the trail that does (an organization trail) in this policy's existingTrails.`,
        rule.urn,
      ),
    );
  }
  return findings;
}

export const keyAlertsNeedTrail = stackPolicy<KeyAlertsConfig>({
  name: "key-alerts-need-trail",
  description:
    "EventBridge rules alerting on KMS calls that weaken a key (DisableKey, ScheduleKeyDeletion, PutKeyPolicy, ...) have a trail recording those calls, in the stack or declared in existingTrails.",
  fix: "Keep a CloudTrail trail with logging on that records kms.amazonaws.com management write events, or list the existing trail that does in existingTrails.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { existingTrails: { type: "array", items: { type: "string", minLength: 1 }, default: [] } } },
  check: (resources, config) => checkKeyAlertsNeedTrail(resources, config),
});
