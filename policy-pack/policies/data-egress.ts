/**
 * Data leaving the account through resource arguments rather than resource policies: replication
 * destinations, EventBridge targets, log subscription destinations, SNS subscription endpoints,
 * snapshot, AMI and layer shares, KMS grants. Each names an account, and that account goes
 * through the judgement resource policies get (resource-policy-cross-account): the stack's own
 * account (accountId, else the accounts in the ARNs of the stack's resources) or trustedAccounts.
 * A share with "all" is public whatever the account.
 */
import { stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { asArray, at, Res } from "../lib/resources";
import { isUnknown } from "../lib/values";
import { ownAccounts } from "./exposure";

interface EgressConfig {
  readonly accountId: string;
  readonly trustedAccounts: readonly string[];
}

/** The account an ARN, account id or account root ARN names; undefined when it names none. */
export function accountNamed(value: unknown): string | undefined {
  if (typeof value !== "string" || isUnknown(value)) return undefined;
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[a-z-]*:[^:]+:[^:]*:(\d{12}):/.exec(value)?.[1];
}

/** (what, account or "all") pairs: where each resource sends data or grants use. */
function destinations(resource: Res): { what: string; to: unknown; id?: string }[] {
  const p = resource.props;
  switch (resource.type) {
    case "aws:s3/bucketReplicationConfig:BucketReplicationConfig":
      return asArray(at(p, "rules")).map((rule) => ({
        what: `replicates objects (rule ${String(at(rule, "id") ?? "?")})`,
        to: at(rule, "destination", "account") ?? at(rule, "destination", "bucket"),
        id: typeof at(rule, "id") === "string" ? (at(rule, "id") as string) : undefined,
      }));
    case "aws:cloudwatch/eventTarget:EventTarget":
      return [{ what: "sends events", to: at(p, "arn") }];
    case "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter":
      return [{ what: "streams log events", to: at(p, "destinationArn") }];
    case "aws:sns/topicSubscription:TopicSubscription":
      return [{ what: "delivers the topic's messages", to: at(p, "endpoint") }];
    case "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission":
      return [{ what: "shares an EBS snapshot", to: at(p, "accountId") }];
    case "aws:ec2/amiLaunchPermission:AmiLaunchPermission":
      return [{ what: "shares an AMI", to: at(p, "group") === "all" ? "all" : at(p, "accountId") }];
    case "aws:rds/snapshot:Snapshot":
    case "aws:rds/clusterSnapshot:ClusterSnapshot":
      return asArray(at(p, "sharedAccounts")).map((a) => ({ what: "shares a database snapshot", to: a, id: String(a) }));
    case "aws:lambda/layerVersionPermission:LayerVersionPermission":
      return at(p, "principal") === "*" ? [] : [{ what: "shares a Lambda layer", to: at(p, "principal") }];
    case "aws:kms/grant:Grant":
      return [{ what: "lets another principal use a KMS key", to: at(p, "granteePrincipal") }];
    default:
      return [];
  }
}

/** Outputs that are a resource's own ARN under another name than `arn`. */
const OWN_ARN_OUTPUTS = ["dbSnapshotArn", "dbClusterSnapshotArn"];

export const EGRESS_TYPES = [
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission",
  "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
  "aws:rds/snapshot:Snapshot",
  "aws:rds/clusterSnapshot:ClusterSnapshot",
  "aws:lambda/layerVersionPermission:LayerVersionPermission",
  "aws:kms/grant:Grant",
];

export function checkDataEgress(resources: readonly Res[], config: EgressConfig): Finding[] {
  // An egress resource's `arn` input is where it sends (EventTarget), not where it lives; a
  // database snapshot's own ARN is where it lives.
  const own = ownAccounts(
    resources.filter((r) => !EGRESS_TYPES.includes(r.type)),
    config,
  );
  if (!config.accountId) {
    for (const r of resources) for (const key of OWN_ARN_OUTPUTS) if (accountNamed(at(r.props, key))) own.add(accountNamed(at(r.props, key))!);
  }
  const allowed = new Set([...own, ...config.trustedAccounts]);
  const findings: Finding[] = [];
  for (const resource of resources.filter((r) => EGRESS_TYPES.includes(r.type))) {
    for (const { what, to, id } of destinations(resource)) {
      if (to === "all") {
        findings.push(violation(`"${resource.name}" ${what} with everyone (all): make it private and share with named accounts of your organization.`, resource.urn, id ?? "all"));
        continue;
      }
      const account = accountNamed(to);
      if (account === undefined || allowed.has(account)) continue;
      if (own.size === 0) {
        // Without the own account, calling an account foreign would be a guess.
        findings.push(cannotCheck(`whether account ${account}, to which "${resource.name}" ${what}, is the stack's own: set accountId in this rule's config`, resource.urn));
        continue;
      }
      findings.push(
        violation(
          `"${resource.name}" ${what} to account ${account}, which is neither the stack's own account (${[...own].join(", ")}) nor in trustedAccounts: data leaves the account. Point it at your own account, or add the account to trustedAccounts if the transfer is intended.`,
          resource.urn,
          id ?? account,
        ),
      );
    }
  }
  return findings;
}

export const dataEgressCrossAccount = stackPolicy<EgressConfig>({
  name: "data-egress-cross-account",
  description:
    "No resource argument sends data to, or shares a resource with, an account other than the stack's own or a trusted one: S3 replication destinations, EventBridge targets, log subscription destinations, SNS subscription endpoints, EBS snapshot, AMI, RDS snapshot and Lambda layer shares, KMS grants; a share with all is public. The own account is accountId, else the account in the ARNs of the stack's resources; when neither is known it judges public shares and says which accounts it cannot judge (advisory).",
  fix: "Send and share within your own account, or list the partner account in trustedAccounts when the transfer is intended; set accountId when the stack's ARNs are not yet known.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      accountId: { type: "string", pattern: "^(\\d{12})?$", default: "" },
      trustedAccounts: { type: "array", items: { type: "string", pattern: "^\\d{12}$" }, default: [] },
    },
  },
  check: (resources, config) => checkDataEgress(resources, config),
});

export const dataEgressPolicies = [dataEgressCrossAccount];
