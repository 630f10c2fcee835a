/**
 * Privilege escalation: an identity policy whose actions, together, let its principal raise its
 * own privileges (policy-pack/lib/escalation-paths.ts), however specific its other statements
 * look; and long-lived IAM user access keys.
 */
import { stackPolicy } from "../lib/define";
import { ESCALATION_PATHS, EscalationPath } from "../lib/escalation-paths";
import { Finding, violation } from "../lib/findings";
import { isAllow, label, ParsedDocument, Statement, strings } from "../lib/policy-document";
import { at, ofType, Res } from "../lib/resources";
import { identityDocuments } from "./access";

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );

/** Whether a statement's Action (or NotAction) admits an action. */
function admitsAction(statement: Statement, action: string): boolean {
  if (statement.NotAction !== undefined) return !strings(statement.NotAction).some((p) => glob(p).test(action));
  return strings(statement.Action).some((p) => glob(p).test(action));
}

const hasVariable = (text: string): boolean => /\$\{(?![*?$]\})[^}]*\}/.test(text);
const wildcardOnly = (pattern: string): boolean => pattern === "*" || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:[*?]+$/.test(pattern);

type Reach = "broad" | "self" | "named";

/** How far a Resource pattern reaches: every resource (a wildcard, NotResource), the principal itself, or named others. */
function reach(statement: Statement, selfArns: readonly string[]): Reach {
  if (statement.NotResource !== undefined) return "broad";
  const patterns = strings(statement.Resource);
  // A policy variable names the caller's own user or role.
  if (patterns.some((p) => /[*?]/.test(p.replace(/\$\{[^}]*\}/g, "")) && !hasVariable(p))) return "broad";
  if (patterns.some((p) => selfArns.some((self) => glob(p).test(self)))) return "self";
  return "named";
}

interface Held {
  readonly statement: number;
  readonly reach: Reach;
  readonly wildcardOnly: boolean;
}

/** The Allow statements that admit an action, and how far each reaches; a Deny of it on "*" with no condition removes it. */
function holds(statements: readonly Statement[], action: string, selfArns: readonly string[]): Held[] {
  const denied = statements.some((s) => s.Effect === "Deny" && s.Condition === undefined && admitsAction(s, action) && strings(s.Resource).includes("*"));
  if (denied) return [];
  return statements.flatMap((s, index) =>
    isAllow(s) && admitsAction(s, action)
      ? [{ statement: index, reach: reach(s, selfArns), wildcardOnly: s.NotResource !== undefined || strings(s.Resource).some(wildcardOnly) }]
      : [],
  );
}

/** The statements that complete an escalation path, or undefined when the document does not hold it. */
export function pathHeld(path: EscalationPath, statements: readonly Statement[], selfArns: readonly string[]): number[] | undefined {
  const used: number[] = [];
  for (const action of path.iamActions) {
    const held = holds(statements, action, selfArns).filter((h) => h.reach !== "named");
    if (held.length === 0) return undefined;
    used.push(held[0].statement);
  }
  if (path.passRole) {
    const held = holds(statements, "iam:PassRole", selfArns).filter((h) => h.reach === "broad");
    if (held.length === 0) return undefined;
    used.push(held[0].statement);
  }
  for (const action of path.otherActions) {
    // With PassRole the compute action is the vehicle, on any resource; alone it must reach every resource of its type.
    const held = holds(statements, action, selfArns).filter((h) => path.passRole || h.wildcardOnly);
    if (held.length === 0) return undefined;
    used.push(held[0].statement);
  }
  return [...new Set(used)];
}

const PRINCIPAL_OF: Readonly<Record<string, { property: string; type: string }>> = {
  "aws:iam/rolePolicy:RolePolicy": { property: "role", type: "aws:iam/role:Role" },
  "aws:iam/userPolicy:UserPolicy": { property: "user", type: "aws:iam/user:User" },
  "aws:iam/groupPolicy:GroupPolicy": { property: "group", type: "aws:iam/group:Group" },
};

/** The ARNs of the principal a document belongs to (a role's own, or the role, user or group a policy names). */
function selfArnsOf(resource: Res, resources: readonly Res[]): string[] {
  const own = at(resource.props, "arn");
  if (resource.type === "aws:iam/role:Role") return typeof own === "string" ? [own] : [];
  const link = PRINCIPAL_OF[resource.type];
  if (!link) return [];
  const named = at(resource.props, link.property);
  const principal = ofType(resources, [link.type]).find((p) => [at(p.props, "name"), at(p.props, "id"), at(p.props, "arn")].includes(named));
  const arn = principal ? at(principal.props, "arn") : typeof named === "string" && named.startsWith("arn:") ? named : undefined;
  return typeof arn === "string" ? [arn] : [];
}

const IDENTITY_TYPES = ["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy", "aws:iam/policy:Policy"];

export function checkPrivilegeEscalation(resources: readonly Res[]): Finding[] {
  const findings: Finding[] = [];
  for (const resource of ofType(resources, IDENTITY_TYPES)) {
    const selfArns = selfArnsOf(resource, resources);
    const documents: ParsedDocument[] = identityDocuments(resource);
    for (const document of documents) {
      if (document.kind !== "document") continue;
      for (const path of ESCALATION_PATHS) {
        const used = pathHeld(path, document.statements, selfArns);
        if (!used) continue;
        findings.push(
          violation(
            `IAM policy "${resource.name}" lets its principal escalate its privileges (${path.title}: ${[...path.iamActions, ...(path.passRole ? ["iam:PassRole"] : []), ...path.otherActions].join(" + ")}, in ${used.map((i) => label(document.statements[i], i)).join(", ")}; source: ${path.source}): scope the IAM actions to named resources other than the principal itself, and iam:PassRole to the one role it passes with iam:PassedToService.`,
            resource.urn,
          ),
        );
      }
    }
  }
  return findings;
}

export const iamNoPrivilegeEscalation = stackPolicy({
  name: "iam-no-privilege-escalation",
  description:
    "No identity policy holds a privilege-escalation path (a catalogue of Rhino Security Labs' methods, each row naming its source): IAM writes (policy versions, attach/put policies, access keys and passwords, group membership, trust policies) on every resource or on the principal itself, iam:PassRole on a role pattern with a compute service that runs the passed role (EC2, Lambda, Glue, CloudFormation, Data Pipeline), or code updates of every function or dev endpoint.",
  fix: "Scope IAM write actions to named resources other than the principal; pass one named role with iam:PassedToService; scope lambda:UpdateFunctionCode to named functions.",
  enforcementLevel: "mandatory",
  check: (resources) => checkPrivilegeEscalation(resources),
});

export function checkAccessKeys(resources: readonly Res[]): Finding[] {
  return ofType(resources, ["aws:iam/accessKey:AccessKey"]).map((key) =>
    violation(
      `IAM access key "${key.name}" is a long-lived credential of a user: it never expires and works from anywhere it leaks to. Use a role (OIDC federation for CI, instance or task roles for compute) with short-lived credentials instead.`,
      key.urn,
    ),
  );
}

export const iamNoUserAccessKeys = stackPolicy({
  name: "iam-no-user-access-keys",
  description: "The stack creates no long-lived IAM user access keys (aws.iam.AccessKey).",
  fix: "Use roles with short-lived credentials: OIDC federation for CI, instance, task or function roles for compute.",
  enforcementLevel: "advisory",
  check: (resources) => checkAccessKeys(resources),
});

export const privilegeEscalationPolicies = [iamNoPrivilegeEscalation, iamNoUserAccessKeys];
