/**
 * Role trust for web identities (OIDC providers such as GitHub Actions, EKS service accounts,
 * Google; Cognito identity pools). The provider vouches only for the token's claims: without a
 * condition that pins the claim naming the workload (`sub`; `aud` for Cognito, `app_id` for
 * Facebook and Login with Amazon), every identity the provider issues tokens to can assume the
 * role, e.g. any repository on GitHub. A pattern in that claim (`repo:org/*`, `repo:org/app:*`)
 * admits every repository or branch it matches, so only literal values pin it.
 */
import { clauses, parseOperator } from "./conditions";
import type { Statement } from "./policy-document";
import { principalEntries } from "./principals";
import { isUnknown } from "./values";

/** The claim that names the workload, as a condition key, for a Federated principal; undefined for SAML and unknown forms. */
export function identifyingClaim(federated: string): string | undefined {
  if (/:saml-provider\//.test(federated)) return undefined;
  const host = /:oidc-provider\/(.+)$/.exec(federated)?.[1] ?? (/^[a-z0-9.-]+\.[a-z]+$/i.test(federated) ? federated : undefined);
  if (host === undefined) return undefined;
  if (host === "cognito-identity.amazonaws.com") return `${host}:aud`;
  if (host === "graph.facebook.com" || host === "www.amazon.com") return `${host}:app_id`;
  return `${host}:sub`;
}

/** Whether a Condition block pins a claim to literal values (no pattern, variable, IfExists or ForAllValues). */
export function pinsClaim(condition: unknown, claim: string): boolean {
  return clauses(condition).some(({ operator, key, values }) => {
    if (key.toLowerCase() !== claim.toLowerCase()) return false;
    const op = parseOperator(operator);
    if (op.ifExists || op.set === "forallvalues" || !["stringequals", "stringequalsignorecase", "stringlike"].includes(op.base)) return false;
    const list = Array.isArray(values) ? values : [values];
    return list.length > 0 && list.every((v) => isUnknown(v) || (typeof v === "string" && v !== "" && !/\$\{/.test(v) && (op.base !== "stringlike" || !/[*?]/.test(v))));
  });
}

/** The claims an Allow statement leaves open: one per Federated web-identity principal whose identifying claim it does not pin. */
export function openClaims(statement: Statement): string[] {
  if (statement.Effect !== "Allow") return [];
  return principalEntries(statement.Principal)
    .filter((e) => e.kind === "Federated")
    .map((e) => identifyingClaim(e.id))
    .filter((claim): claim is string => claim !== undefined && !pinsClaim(statement.Condition, claim));
}
