/**
 * Exposure: what a resource lets callers outside the account do. Resource-based policies of every
 * service (judged by effective access, not by shape), the grants that are not policy documents
 * (Lambda permissions and URLs, EventBridge permissions, AMI launch permissions, public databases),
 * KMS key policies and grants, and security groups open to the internet on admin ports.
 */
import { confinedToAccounts } from "../lib/conditions";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { grantsPublicAccess, isAllow, label, parseDocument, Statement, strings } from "../lib/policy-document";
import { accountOf, isAccountRoot, principalEntries } from "../lib/principals";
import { openClaims } from "../lib/web-identity";
import { RESOURCE_POLICY_PROPERTIES, RESOURCE_POLICY_TYPES } from "../lib/resource-policies";
import { asArray, at, ofType, Res } from "../lib/resources";
import { isUnknown } from "../lib/values";

function documentOf(resource: Res) {
  return parseDocument(at(resource.props, RESOURCE_POLICY_PROPERTIES[resource.type] ?? "policy"));
}

export function checkPublicPrincipals(resource: Res): Finding[] {
  const document = documentOf(resource);
  if (document.kind === "unknown") return [cannotCheck(`the resource policy of "${resource.name}" is not yet known`)];
  if (document.kind === "invalid") return [violation(`The resource policy of "${resource.name}" ${document.reason}: fix the JSON.`)];
  if (document.kind === "absent") return [];
  const webIdentities = document.statements.flatMap((statement, index) =>
    openClaims(statement).map((claim) =>
      violation(
        `The trust policy of "${resource.name}" ${label(statement, index)} lets every identity of a web-identity provider assume the role: it does not pin "${claim}" to literal values (a missing condition, a pattern such as "repo:org/*" or "repo:org/app:*", IfExists or ForAllValues admits every repository, branch or workload the provider issues tokens to). Add StringEquals "${claim}" with the exact values (e.g. "repo:org/app:ref:refs/heads/main").`,
      ),
    ),
  );
  return [...webIdentities, ...publicStatements(resource, document.statements)];
}

function publicStatements(resource: Res, statements: readonly Statement[]): Finding[] {
  return statements
    .map((statement, index) => ({ statement, index }))
    .filter(({ statement }) => grantsPublicAccess(statement))
    .map(({ statement, index }) =>
      violation(
        `The resource policy of "${resource.name}" ${label(statement, index)} allows ${statement.NotPrincipal !== undefined ? "everyone but its NotPrincipal" : 'Principal "*"'} with no condition that restricts the caller (conditions such as aws:SecureTransport say how, not who): name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.`,
      ),
    );
}

export const resourcePolicyNoPublicPrincipal = resourcePolicy({
  name: "resource-policy-no-public-principal",
  description:
    "No resource-based policy (S3, SNS, SQS, KMS, ECR, Secrets Manager, API Gateway, EFS, OpenSearch, Glacier, Backup, Logs, EventBridge, DynamoDB, Kinesis, SES, role trust, ...) grants access to anyone.",
  fix: "Name the principals, or add a condition on who the caller is (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce); replace NotPrincipal with Principal.",
  enforcementLevel: "mandatory",
  types: RESOURCE_POLICY_TYPES,
  check: (resource) => checkPublicPrincipals(resource),
});

interface CrossAccountConfig {
  /** The stack's own account; "" infers it from the ARNs of the stack's resources. */
  readonly accountId: string;
  readonly trustedAccounts: readonly string[];
}

/** The account field of an ARN that has one (`arn:aws:sqs:us-east-1:123456789012:q`; S3 bucket ARNs have none). */
const ARN_ACCOUNT = /^arn:aws[a-z-]*:[^:]+:[^:]*:(\d{12}):/;

/**
 * The accounts the stack deploys into: the configured `accountId`, else the accounts in the `arn`
 * of the stack's own resources. Principals written into policies prove nothing (a key policy may
 * name any account), so they are not read. Empty when unknown (a preview of a new stack).
 */
export function ownAccounts(resources: readonly Res[], config: CrossAccountConfig): Set<string> {
  if (config.accountId) return new Set([config.accountId]);
  const accounts = new Set<string>();
  for (const resource of resources) {
    const arn = at(resource.props, "arn");
    const match = typeof arn === "string" ? ARN_ACCOUNT.exec(arn) : null;
    if (match) accounts.add(match[1]);
  }
  return accounts;
}

export function checkCrossAccount(resources: readonly Res[], config: CrossAccountConfig): Finding[] {
  const own = ownAccounts(resources, config);
  // Without the own account every account principal would be a guess: stay silent.
  if (own.size === 0) return [];
  const allowed = new Set([...own, ...config.trustedAccounts]);
  const findings: Finding[] = [];
  for (const resource of ofType(resources, RESOURCE_POLICY_TYPES)) {
    const document = documentOf(resource);
    // Unknown and invalid documents are reported by resource-policy-no-public-principal.
    if (document.kind !== "document") continue;
    document.statements.forEach((statement, index) => {
      if (!isAllow(statement) || confinedToAccounts(statement.Condition, allowed)) return;
      const accounts = [...new Set(principalEntries(statement.Principal).map(accountOf))].filter((a): a is string => a !== undefined && !allowed.has(a));
      if (accounts.length === 0) return;
      findings.push(
        violation(
          `The resource policy of "${resource.name}" ${label(statement, index)} grants access to account${accounts.length > 1 ? "s" : ""} ${accounts.join(", ")}, which ${accounts.length > 1 ? "are" : "is"} neither the stack's own account (${[...own].join(", ")}) nor in trustedAccounts: add ${accounts.length > 1 ? "them" : "it"} to trustedAccounts if the grant is intended, or name a principal of your own account, or add a condition on aws:PrincipalAccount or aws:PrincipalOrgID.`,
          resource.urn,
        ),
      );
    });
  }
  return findings;
}

export const resourcePolicyCrossAccount = stackPolicy<CrossAccountConfig>({
  name: "resource-policy-cross-account",
  description:
    "No resource-based policy (the same types as resource-policy-no-public-principal, role trust included) grants an AWS principal of an account other than the stack's own or a trusted one, unless a condition confines the caller to those accounts (aws:PrincipalAccount, aws:SourceAccount, aws:PrincipalArn) or to an organisation (aws:PrincipalOrgID). The own account is accountId, else the account in the ARNs of the stack's resources; when neither is known (a preview of a new stack) the rule stays silent rather than guess. Service principals are not accounts.",
  fix: "Add the intended partner account to trustedAccounts, name a principal of your own account, or add a condition on aws:PrincipalAccount or aws:PrincipalOrgID; set accountId when the stack's ARNs are not yet known.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      accountId: { type: "string", pattern: "^(\\d{12})?$", default: "" },
      trustedAccounts: { type: "array", items: { type: "string", pattern: "^\\d{12}$" }, default: [] },
    },
  },
  check: (resources, config) => checkCrossAccount(resources, config),
});

const unset = (value: unknown): boolean => value === undefined || value === null || value === "";

/** The grants that are not policy documents, each judged by whether anyone can use it. */
export function checkPublicEndpoint(resource: Res): Finding[] {
  const p = resource.props;
  switch (resource.type) {
    case "aws:lambda/permission:Permission": {
      const principal = at(p, "principal");
      const restricted = ["sourceArn", "sourceAccount", "principalOrgId"].some((k) => !unset(at(p, k)));
      if (principal === "*" && !restricted) {
        return [violation(`Lambda permission "${resource.name}" lets anyone invoke the function: name the principal, or set sourceArn, sourceAccount or principalOrgId.`)];
      }
      if (principal === "*" && at(p, "functionUrlAuthType") === "NONE") {
        return [violation(`Lambda permission "${resource.name}" opens a function URL without authentication: use functionUrlAuthType "AWS_IAM".`)];
      }
      return [];
    }
    case "aws:lambda/functionUrl:FunctionUrl":
      return at(p, "authorizationType") === "NONE"
        ? [violation(`Lambda function URL "${resource.name}" has authorizationType "NONE": anyone on the internet can invoke the function. Use "AWS_IAM".`)]
        : [];
    case "aws:lambda/layerVersionPermission:LayerVersionPermission":
      return at(p, "principal") === "*" && unset(at(p, "organizationId"))
        ? [violation(`Lambda layer permission "${resource.name}" shares the layer with every AWS account: name the account, or set organizationId.`)]
        : [];
    case "aws:cloudwatch/eventPermission:EventPermission":
      return at(p, "principal") === "*" && unset(at(p, "condition"))
        ? [violation(`EventBridge permission "${resource.name}" lets every AWS account put events on the bus: name the account, or add a condition on aws:PrincipalOrgID.`)]
        : [];
    case "aws:ec2/amiLaunchPermission:AmiLaunchPermission":
      return at(p, "group") === "all"
        ? [violation(`AMI launch permission "${resource.name}" makes the image public (group "all"): share it with accounts or an organization instead.`)]
        : [];
    case "aws:rds/instance:Instance":
    case "aws:rds/clusterInstance:ClusterInstance":
      return at(p, "publiclyAccessible") === true
        ? [violation(`Database "${resource.name}" is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.`)]
        : [];
    default:
      return [];
  }
}

export const publicEndpointAccess = resourcePolicy({
  name: "public-endpoint-access",
  description: "No Lambda permission, function URL, layer permission, EventBridge permission, AMI launch permission or database is open to everyone.",
  fix: "Lambda: name the principal or set sourceArn/sourceAccount/principalOrgId, and use AWS_IAM function URLs; share layers, buses and images with named accounts or an organization; keep databases private (publiclyAccessible: false).",
  enforcementLevel: "mandatory",
  types: [
    "aws:lambda/permission:Permission",
    "aws:lambda/functionUrl:FunctionUrl",
    "aws:lambda/layerVersionPermission:LayerVersionPermission",
    "aws:cloudwatch/eventPermission:EventPermission",
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
    "aws:rds/instance:Instance",
    "aws:rds/clusterInstance:ClusterInstance",
  ],
  check: (resource) => checkPublicEndpoint(resource),
});

/** `kms:*`, `*` or a pattern covering key administration (`kms:Put*`, `kms:Schedule*`, ...). */
function grantsKeyAdministration(statement: Statement): boolean {
  if (statement.NotAction !== undefined) return true;
  return strings(statement.Action).some((a) => a === "*" || /^kms:\*$/i.test(a) || /^kms:(Put|Schedule|Disable|Create|Delete)\*$/i.test(a));
}

export function checkKeyPolicy(resource: Res): Finding[] {
  const document = documentOf(resource);
  if (document.kind !== "document") return [];
  const findings: Finding[] = [];
  document.statements.forEach((statement, index) => {
    if (!isAllow(statement) || !grantsKeyAdministration(statement)) return;
    const others = principalEntries(statement.Principal).filter((e) => !isAccountRoot(e));
    if (others.length === 0 && statement.NotPrincipal === undefined) return;
    const who = statement.NotPrincipal !== undefined ? "everyone but its NotPrincipal" : others.map((o) => o.id).join(", ");
    findings.push(
      violation(
        `The key policy of "${resource.name}" ${label(statement, index)} gives ${who} every KMS action (kms:* or a wildcard): only the account root (which delegates to IAM) may hold kms:*; give roles the specific actions they use (kms:Decrypt, kms:GenerateDataKey, ...).`,
      ),
    );
  });
  return findings;
}

export const kmsKeyPolicyLeastPrivilege = resourcePolicy({
  name: "kms-key-policy-least-privilege",
  description: "Key policies give kms:* (or a wildcard covering key administration) only to the account root.",
  fix: "Keep kms:* for arn:aws:iam::<account>:root only; give each role the specific kms actions it uses.",
  enforcementLevel: "mandatory",
  types: ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy", "aws:kms/replicaKey:ReplicaKey"],
  check: (resource) => checkKeyPolicy(resource),
});

export function checkKmsGrant(grant: Res): Finding[] {
  const findings: Finding[] = [];
  const operations = at(grant.props, "operations");
  if (!isUnknown(operations) && strings(operations).includes("CreateGrant")) {
    findings.push(violation(`KMS grant "${grant.name}" allows CreateGrant: the grantee can hand the key on to anyone. Grant only the cryptographic operations it uses.`));
  }
  const grantee = at(grant.props, "granteePrincipal");
  if (typeof grantee === "string" && (grantee === "*" || isAccountRoot({ kind: "AWS", id: grantee }))) {
    findings.push(violation(`KMS grant "${grant.name}" names a whole account (${grantee}) as grantee: name the role that uses the key.`));
  }
  return findings;
}

export const kmsGrantLeastPrivilege = resourcePolicy({
  name: "kms-grant-least-privilege",
  description: "KMS grants name a role (not a whole account) and do not allow CreateGrant.",
  fix: "Set granteePrincipal to the role ARN and list only the cryptographic operations it needs.",
  enforcementLevel: "mandatory",
  types: ["aws:kms/grant:Grant"],
  check: (grant) => checkKmsGrant(grant),
});

interface AdminPortConfig {
  readonly adminPorts: readonly number[];
}

interface IngressRule {
  readonly from: unknown;
  readonly to: unknown;
  readonly protocol: unknown;
  readonly cidrs: unknown[];
}

function ingressRules(resource: Res): IngressRule[] {
  const p = resource.props;
  switch (resource.type) {
    case "aws:ec2/securityGroup:SecurityGroup":
      return asArray(at(p, "ingress")).map((rule) => ({
        from: at(rule, "fromPort"),
        to: at(rule, "toPort"),
        protocol: at(rule, "protocol"),
        cidrs: [...asArray(at(rule, "cidrBlocks")), ...asArray(at(rule, "ipv6CidrBlocks"))],
      }));
    case "aws:ec2/securityGroupRule:SecurityGroupRule":
      if (at(p, "type") !== "ingress") return [];
      return [{ from: at(p, "fromPort"), to: at(p, "toPort"), protocol: at(p, "protocol"), cidrs: [...asArray(at(p, "cidrBlocks")), ...asArray(at(p, "ipv6CidrBlocks"))] }];
    default:
      return [{ from: at(p, "fromPort"), to: at(p, "toPort"), protocol: at(p, "ipProtocol"), cidrs: [at(p, "cidrIpv4"), at(p, "cidrIpv6")] }];
  }
}

const WORLD = ["0.0.0.0/0", "::/0"];

export function checkAdminPorts(resource: Res, config: AdminPortConfig): Finding[] {
  const findings: Finding[] = [];
  for (const rule of ingressRules(resource)) {
    const world = rule.cidrs.filter((c): c is string => typeof c === "string" && WORLD.includes(c));
    if (world.length === 0) continue;
    const allTraffic = rule.protocol === "-1" || rule.protocol === "all" || rule.protocol === -1;
    const from = typeof rule.from === "number" ? rule.from : 0;
    const to = typeof rule.to === "number" ? rule.to : 65535;
    const open = allTraffic ? [...config.adminPorts] : config.adminPorts.filter((port) => port >= from && port <= to);
    if (open.length > 0) {
      findings.push(
        violation(
          `Security group rule of "${resource.name}" opens port${open.length > 1 ? "s" : ""} ${open.join(", ")} to ${world.join(" and ")}: allow only known address ranges or security groups, or use Session Manager instead of open admin ports.`,
        ),
      );
    }
  }
  return findings;
}

export const securityGroupNoPublicAdminPorts = resourcePolicy<AdminPortConfig>({
  name: "security-group-no-public-admin-ports",
  description: "No security group opens an admin or database port (SSH, RDP, MySQL, PostgreSQL, ...) to 0.0.0.0/0 or ::/0.",
  fix: "Restrict the source to known CIDR ranges or security groups; prefer Session Manager to open SSH/RDP.",
  enforcementLevel: "mandatory",
  types: ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
  configSchema: {
    properties: {
      adminPorts: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, default: [22, 3389, 1433, 1521, 3306, 5432, 5439, 6379, 9200, 11211, 27017] },
    },
  },
  check: (resource, config) => checkAdminPorts(resource, config),
});

export const exposurePolicies = [
  resourcePolicyNoPublicPrincipal,
  resourcePolicyCrossAccount,
  publicEndpointAccess,
  kmsKeyPolicyLeastPrivilege,
  kmsGrantLeastPrivilege,
  securityGroupNoPublicAdminPorts,
];
