/**
 * Which KMS management calls a CloudTrail trail records, from its properties as @pulumi/aws
 * declares them: logging on (`enableLogging`, default true); no selectors (every management
 * event), basic `eventSelectors` (`includeManagementEvents` default true, `readWriteType`
 * default All, `excludeManagementEventSources`) or `advancedEventSelectors` (field selectors
 * with equals / notEquals / startsWith / notStartsWith / endsWith / notEndsWith, all of which
 * must hold; any selector may match). EventBridge sees a CloudTrail-delivered API call only
 * when such a trail records it.
 */
import { asArray, at, isUnknown } from "./values";

export const KMS_EVENT_SOURCE = "kms.amazonaws.com";

/** What a trail records of `calls`, or why it records none of them. */
export type TrailCoverage = { readonly kind: "records"; readonly calls: readonly string[]; readonly why?: string } | { readonly kind: "unknown"; readonly what: string };

type FieldValues = Readonly<Record<string, string>>;

const OPERATORS: Record<string, (value: string, operand: string) => boolean> = {
  equals: (v, o) => v === o,
  startsWith: (v, o) => v.startsWith(o),
  endsWith: (v, o) => v.endsWith(o),
};

/** One advanced field selector against a management event's fields; fields a management event lacks never match. */
function fieldSelectorMatches(selector: unknown, event: FieldValues): boolean | "unknown" {
  const field = at(selector, "field");
  if (isUnknown(field)) return "unknown";
  const value = typeof field === "string" ? event[field] : undefined;
  if (value === undefined) return false;
  for (const [name, test] of Object.entries(OPERATORS)) {
    const positive = asArray(at(selector, name));
    const negative = asArray(at(selector, `not${name[0].toUpperCase()}${name.slice(1)}`));
    if ([...positive, ...negative].some(isUnknown)) return "unknown";
    if (positive.length > 0 && !positive.some((o) => typeof o === "string" && test(value, o))) return false;
    if (negative.some((o) => typeof o === "string" && test(value, o))) return false;
  }
  return true;
}

function advancedRecords(selectors: unknown[], event: FieldValues): boolean | "unknown" {
  let unknown = false;
  for (const selector of selectors) {
    const fields = at(selector, "fieldSelectors");
    if (isUnknown(fields)) {
      unknown = true;
      continue;
    }
    const results = asArray(fields).map((f) => fieldSelectorMatches(f, event));
    if (results.includes(false)) continue;
    if (results.includes("unknown")) unknown = true;
    else if (results.length > 0) return true;
  }
  return unknown ? "unknown" : false;
}

function basicRecords(selector: unknown): boolean | "unknown" | string {
  const include = at(selector, "includeManagementEvents");
  const readWrite = at(selector, "readWriteType");
  const excluded = at(selector, "excludeManagementEventSources");
  if ([include, readWrite, excluded].some(isUnknown) || asArray(excluded).some(isUnknown)) return "unknown";
  if (include === false) return "excludes management events";
  if (readWrite === "ReadOnly") return "records read-only management events";
  if (asArray(excluded).includes(KMS_EVENT_SOURCE)) return `excludes management events from ${KMS_EVENT_SOURCE}`;
  return true;
}

/** The KMS write calls among `calls` that `trail` records. */
export function trailCoverage(trail: { readonly name: string; readonly props: unknown }, calls: readonly string[]): TrailCoverage {
  const logging = at(trail.props, "enableLogging");
  if (isUnknown(logging)) return { kind: "unknown", what: `whether trail "${trail.name}" is logging` };
  if (logging === false) return { kind: "records", calls: [], why: "has logging turned off (enableLogging: false)" };
  const advanced = at(trail.props, "advancedEventSelectors");
  const basic = at(trail.props, "eventSelectors");
  if (isUnknown(advanced) || isUnknown(basic)) return { kind: "unknown", what: `the event selectors of trail "${trail.name}"` };
  if (asArray(advanced).length > 0) {
    const recorded: string[] = [];
    for (const call of calls) {
      const result = advancedRecords(asArray(advanced), { eventCategory: "Management", readOnly: "false", eventSource: KMS_EVENT_SOURCE, eventName: call });
      if (result === "unknown") return { kind: "unknown", what: `the advanced event selectors of trail "${trail.name}"` };
      if (result) recorded.push(call);
    }
    return recorded.length > 0
      ? { kind: "records", calls: recorded }
      : { kind: "records", calls: [], why: `has advanced event selectors that select no ${KMS_EVENT_SOURCE} management write event` };
  }
  const selectors = asArray(basic);
  if (selectors.length === 0) return { kind: "records", calls: [...calls] };
  const reasons: string[] = [];
  for (const selector of selectors) {
    const result = basicRecords(selector);
    if (result === true) return { kind: "records", calls: [...calls] };
    if (result === "unknown") return { kind: "unknown", what: `the event selectors of trail "${trail.name}"` };
    if (result !== false) reasons.push(result);
  }
  return { kind: "records", calls: [], why: [...new Set(reasons)].join(" and ") };
}
