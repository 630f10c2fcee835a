/**
 * Principals of a policy statement, normalised: `"*"`, `{ AWS: "*" }`, account ids, account and
 * role ARNs, services, federated and canonical-user principals all become one list of entries.
 */
import { isUnknown } from "./values";

export type PrincipalKind = "AWS" | "Service" | "Federated" | "CanonicalUser";

export interface PrincipalEntry {
  readonly kind: PrincipalKind | "unknown";
  /** The identifier as written; `"*"` for anyone. */
  readonly id: string;
}

/** Normalises a `Principal` / `NotPrincipal` value; `"*"` alone is `{ AWS: "*" }`. */
export function principalEntries(principal: unknown): PrincipalEntry[] {
  if (principal === undefined || principal === null) return [];
  if (typeof principal === "string") return [{ kind: principal === "*" ? "AWS" : "unknown", id: principal }];
  if (typeof principal !== "object" || Array.isArray(principal)) return [{ kind: "unknown", id: String(principal) }];
  const entries: PrincipalEntry[] = [];
  for (const [kind, value] of Object.entries(principal as Record<string, unknown>)) {
    const normalisedKind = (["AWS", "Service", "Federated", "CanonicalUser"] as const).find((k) => k.toLowerCase() === kind.toLowerCase()) ?? "unknown";
    for (const id of Array.isArray(value) ? value : [value]) entries.push({ kind: normalisedKind, id: isUnknown(id) ? "(unknown)" : String(id) });
  }
  return entries;
}

/** Anyone: `*` in any principal kind (an anonymous or any authenticated caller). */
export function isAnyone(entry: PrincipalEntry): boolean {
  return entry.id === "*";
}

/** The 12-digit account an AWS principal belongs to (`123456789012`, `arn:aws:iam::123456789012:root`, a role ARN), if it names one. */
export function accountOf(entry: PrincipalEntry): string | undefined {
  if (entry.kind !== "AWS") return undefined;
  if (/^\d{12}$/.test(entry.id)) return entry.id;
  const match = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(entry.id);
  return match ? match[1] : undefined;
}

/** A whole account (its root): every principal that account's administrators allow. */
export function isAccountRoot(entry: PrincipalEntry): boolean {
  return entry.kind === "AWS" && (/^\d{12}$/.test(entry.id) || /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(entry.id));
}
