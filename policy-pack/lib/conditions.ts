/**
 * Statement conditions as sets of callers.
 *
 * Each condition clause (an operator, a key and its values) admits a set of callers. A clause
 * *bounds* the caller when that set is provably limited to named accounts, organizations, source
 * ARNs, networks, endpoints or principals; keys combine with AND (one bounding clause bounds the
 * statement) and values with OR (every value must be bounded). Negated operators, `...IfExists`,
 * `ForAllValues:`, `Null`, policy variables and wildcards that reach into an identifying field admit
 * callers nobody named, so they never bound. Every key type's rule is in KEY_TYPE_RULES, which the
 * rule table (docs/policy-rules.md) prints.
 */
import { coveredFamilies, parseCidr } from "./cidr";
import { isUnknown } from "./values";

/** How a condition key identifies the caller. */
export type KeyType = "account" | "organization" | "organization-path" | "arn" | "ip" | "network" | "principal-id";

const KEY_TYPES: Readonly<Record<string, KeyType>> = {
  "aws:principalaccount": "account",
  "aws:sourceaccount": "account",
  "aws:sourceowner": "account",
  "kms:calleraccount": "account",
  "aws:principalorgid": "organization",
  "aws:sourceorgid": "organization",
  "aws:principalorgpaths": "organization-path",
  "aws:sourceorgpaths": "organization-path",
  "aws:sourcearn": "arn",
  "aws:principalarn": "arn",
  "aws:sourcevpcarn": "arn",
  "lambda:functionarn": "arn",
  "aws:sourceip": "ip",
  "aws:vpcsourceip": "ip",
  "aws:sourcevpc": "network",
  "aws:sourcevpce": "network",
  "aws:userid": "principal-id",
  "aws:username": "principal-id",
};

/** The condition keys of a type, for the rule table. */
export function keysOfType(type: KeyType): string[] {
  const keys = Object.entries(KEY_TYPES)
    .filter(([, t]) => t === type)
    .map(([k]) => k);
  return type === "arn" ? [...keys, "kms:encryptioncontext:aws:<service>:arn"] : keys;
}

/** `kms:EncryptionContext:aws:<service>:arn`: the resource a service acts for (a log group, a trail). */
const ENCRYPTION_CONTEXT_ARN = /^kms:encryptioncontext:aws:[a-z0-9-]+:arn$/;

/** The type of a condition key, compared case-insensitively; undefined for keys that say how, not who. */
export function keyType(key: string): KeyType | undefined {
  const lower = key.toLowerCase();
  return KEY_TYPES[lower] ?? (ENCRYPTION_CONTEXT_ARN.test(lower) ? "arn" : undefined);
}

/** Keys that name the resource or account a service principal acts for (its source binding). */
export function isSourceKey(key: string): boolean {
  const lower = key.toLowerCase();
  return ["aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths"].includes(lower) || ENCRYPTION_CONTEXT_ARN.test(lower);
}

/** What the rule table says about each key type (docs/policy-rules.md, "How access is judged"). */
export const KEY_TYPE_RULES: readonly { readonly type: KeyType; readonly rule: string }[] = [
  {
    type: "account",
    rule: "bounded by `StringEquals`/`StringEqualsIgnoreCase` to the listed accounts, or by `StringLike` when no value holds a wildcard; `StringLike` with `*`/`?` (`1111*`) admits accounts nobody named.",
  },
  {
    type: "organization",
    rule: "bounded to the listed organizations by a literal id; `StringLike` `o-*` admits every organization, so every account.",
  },
  {
    type: "organization-path",
    rule: "bounded to an organization when the first path segment is a literal `o-...` id (`o-a1b2/r-ab12/*`); a wildcard in that segment admits every organization.",
  },
  {
    type: "arn",
    rule: "`ArnEquals`/`ArnLike` (both take wildcards) match field by field: bounded when the account field is literal (a wildcard there admits every account); an ARN with no account field (S3) is bounded only by a literal bucket name, since anyone can create a bucket that a pattern matches. `StringLike` is judged the same way (a `*` could cross a colon only into a resource name carrying `:<account>:`, which AWS names cannot hold); fewer than six fields is unprovable. `kms:EncryptionContext:aws:<service>:arn` is judged as an ARN key.",
  },
  {
    type: "ip",
    rule: "bounded by `IpAddress` to the listed ranges unless their union covers the whole IPv4 or the whole IPv6 space (`0.0.0.0/1` + `128.0.0.0/1` is the internet); an entry that is no CIDR makes the clause unprovable.",
  },
  {
    type: "network",
    rule: "bounded to the listed VPCs or VPC endpoints by literal ids; a wildcard (`vpce-*`) admits endpoints in every account.",
  },
  {
    type: "principal-id",
    rule: "bounded by literal values, or by a `StringLike` whose literal prefix includes the unique id and its `:` (`AROAEXAMPLE:*`, any session of one role).",
  },
];

/** A clause that bounds the caller: its key, type, values, and the accounts they are confined to when known. */
export interface Bound {
  readonly key: string;
  readonly type: KeyType;
  readonly values: readonly string[];
  /** The accounts every admitted caller belongs to, when each value names one (undefined otherwise). */
  readonly accounts?: readonly string[];
}

interface Operator {
  readonly base: string;
  readonly set: "" | "foranyvalue" | "forallvalues";
  readonly ifExists: boolean;
}

export function parseOperator(raw: string): Operator {
  let text = raw.toLowerCase();
  let set: Operator["set"] = "";
  const prefix = /^(foranyvalue|forallvalues):/.exec(text);
  if (prefix) {
    set = prefix[1] as Operator["set"];
    text = text.slice(prefix[0].length);
  }
  const ifExists = text.endsWith("ifexists") && text !== "null";
  return { base: ifExists ? text.slice(0, -"ifexists".length) : text, set, ifExists };
}

const LITERAL_STRING = ["stringequals", "stringequalsignorecase"];
const GLOB_STRING = ["stringlike"];
const ARN_OPERATORS = ["arnequals", "arnlike"];

const hasWildcard = (text: string): boolean => /[*?]/.test(text);
/** A policy variable (`${aws:username}`) makes the value depend on the request; `${*}`, `${?}`, `${$}` are escapes. */
const hasVariable = (text: string): boolean => /\$\{(?![*?$]\})[^}]*\}/.test(text);

interface ValueVerdict {
  readonly bounded: boolean;
  readonly account?: string;
}

const UNBOUNDED: ValueVerdict = { bounded: false };
const ACCOUNT_ID = /^\d{12}$/;

/**
 * An ARN pattern: bounded when it cannot match an ARN of an account (or bucket) nobody named.
 * Wildcards are judged field by field for `StringLike` as for `ArnLike`: a `*` could cross a colon
 * only into resource names that carry `:<account>:`, which AWS resource names cannot.
 */
export function judgeArnValue(value: string, operator: string): ValueVerdict {
  if (!hasWildcard(value) || LITERAL_STRING.includes(operator)) return { bounded: true, ...accountField(value.split(":")[4]) };
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return UNBOUNDED;
  const account = parts[4];
  if (hasWildcard(account)) return UNBOUNDED;
  if (account === "") return hasWildcard(parts.slice(5).join(":").split("/")[0]) ? UNBOUNDED : { bounded: true };
  return { bounded: true, ...accountField(account) };
}

function accountField(field: string | undefined): { account?: string } {
  return field !== undefined && ACCOUNT_ID.test(field) ? { account: field } : {};
}

function judgeValue(type: KeyType, value: unknown, operator: string): ValueVerdict {
  // A value unknown during preview is an output of the stack: a name it controls.
  if (isUnknown(value)) return { bounded: true };
  if (typeof value !== "string" && typeof value !== "number") return UNBOUNDED;
  const text = String(value);
  if (text === "" || hasVariable(text)) return UNBOUNDED;
  const glob = GLOB_STRING.includes(operator) || ARN_OPERATORS.includes(operator);
  switch (type) {
    case "account":
      if (glob && hasWildcard(text)) return UNBOUNDED;
      return { bounded: true, ...accountField(text) };
    case "organization":
    case "network":
      return glob && hasWildcard(text) ? UNBOUNDED : { bounded: true };
    case "organization-path": {
      if (!glob || !hasWildcard(text)) return { bounded: true };
      const first = text.split("/")[0];
      return /^o-[a-z0-9]+$/i.test(first) && text.includes("/") ? { bounded: true } : UNBOUNDED;
    }
    case "arn":
      return judgeArnValue(text, operator);
    case "principal-id": {
      if (!glob || !hasWildcard(text)) return { bounded: true };
      const literal = text.slice(0, text.search(/[*?]/));
      return /^[^:]+:/.test(literal) ? { bounded: true } : UNBOUNDED;
    }
    case "ip":
      return parseCidr(text) === undefined ? UNBOUNDED : { bounded: true };
  }
}

/** Whether an operator can bound a key of this type at all (IP keys need IpAddress; the others string or ARN operators). */
function operatorFits(type: KeyType, operator: string): boolean {
  if (type === "ip") return operator === "ipaddress";
  if (type === "arn") return [...LITERAL_STRING, ...GLOB_STRING, ...ARN_OPERATORS].includes(operator);
  return [...LITERAL_STRING, ...GLOB_STRING].includes(operator);
}

/** The bound of one clause, or undefined when it admits callers nobody named. */
export function clauseBound(rawOperator: string, key: string, values: unknown): Bound | undefined {
  const type = keyType(key);
  if (type === undefined) return undefined;
  const operator = parseOperator(rawOperator);
  // IfExists passes when the key is missing (an anonymous caller sends none); ForAllValues passes for an empty set.
  if (operator.ifExists || operator.set === "forallvalues" || !operatorFits(type, operator.base)) return undefined;
  const list = Array.isArray(values) ? values : [values];
  if (list.length === 0) return undefined;
  const verdicts = list.map((v) => judgeValue(type, v, operator.base));
  if (verdicts.some((v) => !v.bounded)) return undefined;
  if (type === "ip" && coveredFamilies(list.map(String)).length > 0) return undefined;
  const accounts = verdicts.every((v) => v.account !== undefined) ? [...new Set(verdicts.map((v) => v.account!))] : undefined;
  return { key, type, values: list.map((v) => String(v)), ...(accounts ? { accounts } : {}) };
}

/** Every clause of a Condition block, as operator, key and values. */
export function clauses(condition: unknown): { operator: string; key: string; values: unknown }[] {
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return [];
  const result: { operator: string; key: string; values: unknown }[] = [];
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (block === null || typeof block !== "object" || Array.isArray(block)) continue;
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) result.push({ operator, key, values });
  }
  return result;
}

/** The clauses of a Condition block that bound the caller (AND across clauses: any one bounds the statement). */
export function callerBounds(condition: unknown): Bound[] {
  return clauses(condition)
    .map((c) => clauseBound(c.operator, c.key, c.values))
    .filter((b): b is Bound => b !== undefined);
}

export interface ConditionVerdict {
  readonly restrictsPrincipal: boolean;
  /** The keys that do restrict, for messages. */
  readonly restrictingKeys: string[];
}

/** Whether a statement's Condition block restricts who can use it. */
export function conditionVerdict(condition: unknown): ConditionVerdict {
  const restrictingKeys = callerBounds(condition).map((b) => b.key);
  return { restrictsPrincipal: restrictingKeys.length > 0, restrictingKeys };
}

/** Whether a condition confines every caller to the allowed accounts, or to an organization (whose membership its owner controls). */
export function confinedToAccounts(condition: unknown, allowed: ReadonlySet<string>): boolean {
  return callerBounds(condition).some((b) => b.type === "organization" || b.type === "organization-path" || (b.accounts !== undefined && b.accounts.every((a) => allowed.has(a))));
}

/** Whether a condition binds a service principal to the resource or account it acts for. */
export function hasSourceBinding(condition: unknown): boolean {
  return callerBounds(condition).some((b) => isSourceKey(b.key));
}
