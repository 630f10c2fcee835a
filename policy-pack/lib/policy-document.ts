/**
 * IAM-style policy documents (identity policies, bucket, topic and key policies) as plain data.
 * Documents arrive as JSON strings (`pulumi.jsonStringify`, `getPolicyDocument().json`) or objects.
 */
import { conditionVerdict } from "./conditions";
import { isAnyone, principalEntries } from "./principals";
import { asArray, containsUnknown, isUnknown, UNKNOWN } from "./values";

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export type ParsedDocument =
  | { readonly kind: "absent" }
  | { readonly kind: "unknown" }
  | { readonly kind: "invalid"; readonly reason: string }
  | { readonly kind: "document"; readonly statements: readonly Statement[] };

/**
 * Parses a policy in any form a program passes it: a JSON string, an object, or the result of
 * `aws.iam.getPolicyDocument` (an object whose `json` holds the document).
 */
export function parseDocument(value: unknown): ParsedDocument {
  if (value === undefined || value === null || value === "") return { kind: "absent" };
  if (typeof value === "object" && !Array.isArray(value) && !("Statement" in value) && "json" in value) return parseDocument((value as { json: unknown }).json);
  // An interpolated unknown makes the whole string unknown, or leaves the sentinel inside it.
  if (isUnknown(value) || (typeof value === "string" && value.includes(UNKNOWN))) return { kind: "unknown" };
  let document: unknown = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value);
    } catch (e) {
      return { kind: "invalid", reason: `is not valid JSON (${(e as Error).message})` };
    }
  }
  if (containsUnknown(document)) return { kind: "unknown" };
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    return { kind: "invalid", reason: "is not a JSON object" };
  }
  const statements = asArray((document as Record<string, unknown>).Statement);
  if (statements.some((s) => s === null || typeof s !== "object" || Array.isArray(s))) {
    return { kind: "invalid", reason: "has a Statement that is not an object" };
  }
  return { kind: "document", statements: statements as Statement[] };
}

export function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === "string");
}

export function isAllow(statement: Statement): boolean {
  return statement.Effect === "Allow";
}

/** A statement's label for messages: its Sid, or its position. */
export function label(statement: Statement, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
}

/** `"*"`, `{ AWS: "*" }` or a list containing `"*"`: anyone, including anonymous callers. */
export function isPublicPrincipal(principal: unknown): boolean {
  return principalEntries(principal).some(isAnyone);
}

/**
 * Whether an Allow statement grants access to anyone: its Principal includes `*` (in any form) or
 * it uses NotPrincipal (everyone but the listed), and no condition restricts who the caller is.
 */
export function grantsPublicAccess(statement: Statement): boolean {
  if (!isAllow(statement)) return false;
  const anyone = statement.NotPrincipal !== undefined || isPublicPrincipal(statement.Principal);
  return anyone && !conditionVerdict(statement.Condition).restrictsPrincipal;
}

export function hasCondition(statement: Statement): boolean {
  return statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
}

/**
 * Whether a statement denies every request made without TLS for the given actions: a Deny for any
 * principal with `Bool: { "aws:SecureTransport": "false" }`.
 */
export function deniesInsecureTransport(statement: Statement): boolean {
  if (statement.Effect !== "Deny" || !isPublicPrincipal(statement.Principal)) return false;
  const bool = statement.Condition?.Bool ?? statement.Condition?.BoolIfExists;
  const value = bool?.["aws:SecureTransport"];
  return strings(value).includes("false") || value === false;
}
