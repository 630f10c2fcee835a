/**
 * Why each surviving mutant of the policy mutation test (offline/flow-mutation.ts) survives. A
 * survivor without a reason here fails __tests__/flows/: add a flow row that kills it, remove the
 * statement, or, when neither is right, explain it here (docs/flows.md shows the list).
 */
import type { Mutant } from "./flow-mutation";

export interface SurvivorReason {
  readonly id: string;
  /** Matched against the mutant's key: `<policy label> <sid> <kind>`. */
  readonly pattern: RegExp;
  readonly reason: string;
  /** The configuration it applies to, when not the dev stack's (e.g. `malwareScan=true`). */
  readonly variant?: string;
}

export const SURVIVOR_REASONS: readonly SurvivorReason[] = [
  {
    id: "identity-and-boundary",
    pattern:
      /^aws:iam\/(rolePolicy:RolePolicy (image-processor|reprocess)-policy|policy:Policy (image-processor|reprocess)-boundary) \(policy\) \w+ (widen-resource|drop-condition)$/,
    reason:
      "The Lambda role and the reprocess role are each gated twice: the inline policy and the permissions boundary name the same resources and conditions, so widening either one alone (or dropping its condition) leaves the other in force. Each statement is still needed (its drop-statement mutant is killed); the boundary is the cap that survives a later, broader inline policy.",
  },
  {
    id: "principal-named-by-condition",
    pattern: /^aws:kms\/key:Key \S+ \(policy\) Allow(DataKeyUseByRoles|\w+RoleViaServices|LambdaEnvironmentEncryption|LambdaGrants) widen-principal$/,
    reason:
      "Equivalent mutant: the statement's Principal is the account root only as KMS's grammar wants it; `aws:PrincipalArn` (named roles) or `kms:CallerAccount` (this account) in its Condition already confines it to the same principals, so `*` admits nobody new. The drop-condition and drop-statement mutants are killed.",
  },
  {
    id: "same-account-topic-owner",
    pattern: /^aws:sns\/topicPolicy:TopicPolicy \S+ \(policy\) AllowOwnerManagement drop-statement$/,
    reason:
      "Same-account principals are allowed by their own IAM policies alone, so no flow of this account needs the owner statement (SNS's default policy keeps it for the account). Its widen-principal mutant is killed: another account must not manage the topic.",
  },
  {
    id: "same-account-named-publisher",
    pattern: /^aws:sns\/topicPolicy:TopicPolicy notifications-policy \(policy\) AllowNamedRolesToPublish (drop-statement|widen-principal|drop-condition)$/,
    reason:
      "The Lambda role is in the topic's account, so its inline policy already allows sns:Publish; the gate is DenyPublishByOtherPrincipals (its drop is killed by admin.publish.notifications), which refuses every IAM caller but the named role whatever this Allow says.",
  },
  {
    id: "malware-scan-key-via-s3",
    variant: "malwareScan=true",
    pattern: /^aws:iam\/rolePolicy:RolePolicy upload-scan-policy \(policy\) DecryptObjectsToScan drop-condition$/,
    reason:
      "The scan role's use of the data key is gated twice: the key policy (MalwareScanRoleViaServices) allows it only with kms:ViaService s3, so dropping the same condition from the role's policy leaves the key policy in force (malware-scan.kms.direct stays denied). The statement is needed: its drop and widen mutants are killed.",
  },
];

/** The reason a survivor survives, or undefined when it has none (a missing flow or a needless statement). */
export function reasonFor(mutant: Mutant): SurvivorReason | undefined {
  return SURVIVOR_REASONS.find((r) => r.pattern.test(mutant.key));
}
