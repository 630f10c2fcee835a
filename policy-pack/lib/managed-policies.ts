/**
 * What AWS-managed policies grant, judged from their names: AWS publishes their contents but the
 * pack runs offline, so the families below stand for them (a policy is matched by its name, with
 * any path such as `job-function/` or `service-role/`). Listed first wins.
 *
 * - administrator: every action, or every action but IAM (PowerUserAccess), or a job function
 *   that spans services (SystemAdministrator, NetworkAdministrator, DatabaseAdministrator, ...);
 * - privilege-management: IAM or Organizations full access, as powerful as an administrator
 *   (a principal that can write policies can grant itself anything);
 * - full-service: `*FullAccess`: every action of a service on every resource;
 * - data-read-all: `ReadOnlyAccess` and `*ReadOnlyAccess`: every read of a service (or of every
 *   service) on every resource, data included (AmazonS3ReadOnlyAccess reads every bucket);
 * - metadata-read: SecurityAudit and ViewOnlyAccess list and describe configuration, no data;
 * - scoped: service-role execution policies that write the caller's own logs, traces and network
 *   interfaces (AWSLambdaBasicExecutionRole, ...).
 * Other AWS-managed policies are not judged (listed as a limit in docs/policy-rules.md).
 */

export type ManagedGrant = "administrator" | "privilege-management" | "full-service" | "data-read-all" | "metadata-read" | "scoped";

export interface ManagedPolicyFamily {
  readonly grant: ManagedGrant;
  /** Policy names (the last path segment) this family covers. */
  readonly names: RegExp;
  readonly examples: readonly string[];
}

export const MANAGED_POLICY_FAMILIES: readonly ManagedPolicyFamily[] = [
  { grant: "metadata-read", names: /^(SecurityAudit|ViewOnlyAccess)$/, examples: ["SecurityAudit", "ViewOnlyAccess"] },
  {
    grant: "administrator",
    names: /^(AdministratorAccess.*|PowerUserAccess|SystemAdministrator|NetworkAdministrator|DatabaseAdministrator|DataScientist|SupportUser)$/,
    examples: ["AdministratorAccess", "PowerUserAccess", "job-function/SystemAdministrator"],
  },
  {
    grant: "privilege-management",
    names: /^(IAMFullAccess|AWSOrganizationsFullAccess|AWSSSOMasterAccountAdministrator)$/,
    examples: ["IAMFullAccess", "AWSOrganizationsFullAccess"],
  },
  { grant: "full-service", names: /FullAccess/, examples: ["AmazonS3FullAccess", "AmazonDynamoDBFullAccess"] },
  { grant: "data-read-all", names: /^(ReadOnlyAccess|.*ReadOnly(Access)?)$/, examples: ["ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "AmazonDynamoDBReadOnlyAccess"] },
  {
    grant: "scoped",
    names: /^(AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole|AWSXRayDaemonWriteAccess|CloudWatchLambdaInsightsExecutionRolePolicy|AWS_ConfigRole)$/,
    examples: ["service-role/AWSLambdaBasicExecutionRole", "service-role/AWS_ConfigRole"],
  },
];

/** The grants that reach beyond least privilege: a violation wherever they are attached. */
export const BROAD_GRANTS: readonly ManagedGrant[] = ["administrator", "privilege-management", "full-service", "data-read-all"];

/** The family of an AWS-managed policy ARN; undefined for customer-managed policies and unlisted names. */
export function managedPolicyFamily(arn: string): ManagedPolicyFamily | undefined {
  const match = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match ? MANAGED_POLICY_FAMILIES.find((f) => f.names.test(match[1])) : undefined;
}

const GRANT_WORDS: Readonly<Record<ManagedGrant, string>> = {
  administrator: "administrator access (every action, or every action of many services)",
  "privilege-management": "IAM or Organizations write access, which can grant itself anything",
  "full-service": "every action of a service on every resource",
  "data-read-all": "every read of a service on every resource, data included",
  "metadata-read": "reads of configuration and metadata, no data",
  scoped: "writes to the caller's own logs, traces or network interfaces",
};

export function grantWords(grant: ManagedGrant): string {
  return GRANT_WORDS[grant];
}
