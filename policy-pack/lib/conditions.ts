/**
 * Which statement conditions restrict *who* can use a grant.
 *
 * A condition restricts the caller only when it requires a key that identifies the caller or the
 * calling resource (aws:SourceArn, aws:PrincipalOrgID, a VPC endpoint, ...) to equal or match a
 * specific value. Negated operators (StringNotEquals, ...) let everyone else in; `...IfExists` and
 * `ForAllValues:` pass when the key is absent (an anonymous caller sends none); values that are
 * only wildcards match everyone; keys such as aws:SecureTransport say how, not who.
 */
import { isUnknown } from "./values";

/** Keys whose value identifies the caller, its account or organisation, or the resource acting for it. */
export const PRINCIPAL_RESTRICTING_KEYS: readonly string[] = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:vpcsourceip",
  "aws:userid",
  "aws:username",
  "aws:resourceaccount",
  "kms:calleraccount",
  "lambda:functionarn",
];

/** Operators that require the key to match the listed values (their negations and Null do not). */
const MATCHING_OPERATORS: readonly string[] = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"];

/** Values that match every caller: wildcards only, or the whole address space. */
function matchesEveryone(value: unknown): boolean {
  if (isUnknown(value)) return false;
  const text = String(value);
  return /^[*?]*$/.test(text) || text === "0.0.0.0/0" || text === "::/0" || /^arn:[*?]*$/.test(text) || /^arn:[^:]*:[*?]*$/.test(text);
}

export interface ConditionVerdict {
  readonly restrictsPrincipal: boolean;
  /** The keys that do restrict, for messages. */
  readonly restrictingKeys: string[];
}

/** A key a condition requires to match specific values, with those values. */
export interface RequiredMatch {
  readonly key: string;
  readonly values: readonly unknown[];
}

/**
 * The caller-identifying keys a Condition block requires to match specific values: matching
 * operators only, skipping `...IfExists`, `ForAllValues:` and wildcard-only value lists.
 */
export function requiredMatches(condition: unknown): RequiredMatch[] {
  const matches: RequiredMatch[] = [];
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return matches;
  for (const [rawOperator, block] of Object.entries(condition as Record<string, unknown>)) {
    const lower = rawOperator.toLowerCase();
    // ForAllValues passes for an empty key set; IfExists passes when the key is missing.
    if (lower.startsWith("forallvalues:") || lower.endsWith("ifexists")) continue;
    const operator = lower.replace(/^foranyvalue:/, "");
    if (!MATCHING_OPERATORS.includes(operator) || block === null || typeof block !== "object") continue;
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      if (!PRINCIPAL_RESTRICTING_KEYS.includes(key.toLowerCase())) continue;
      const list = Array.isArray(values) ? values : [values];
      if (list.length > 0 && !list.some(matchesEveryone)) matches.push({ key, values: list });
    }
  }
  return matches;
}

/** Whether a statement's Condition block restricts who can use it. */
export function conditionVerdict(condition: unknown): ConditionVerdict {
  const restrictingKeys = requiredMatches(condition).map((m) => m.key);
  return { restrictsPrincipal: restrictingKeys.length > 0, restrictingKeys };
}
