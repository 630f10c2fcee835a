import type { PolicyStatement } from "./policy-document";

/**
 * Buckets that hold audit records (S3 access logs, CloudTrail files, Config snapshots, GuardDuty
 * findings): the records must survive anyone in the account with broad S3 rights.
 *
 * - Writes: only AWS service principals the bucket policy grants (each scoped to its prefix and
 *   sources by its own Allow) and the listed delivery roles (AWS Config delivers with its
 *   recorder's role). A role of the account with `s3:PutObject` on `*` is refused here, because an
 *   explicit Deny in the bucket policy beats any identity Allow.
 * - Deletes: nobody, not even an administrator. Lifecycle expiry is done by S3 itself and is not a
 *   request a bucket policy sees, so retention still ends.
 * - Overwrites by a delivering service keep the previous object as a noncurrent version (the bucket
 *   is versioned), which lifecycle expires after `noncurrentVersionExpirationDays`.
 *
 * Why versioning and not Object Lock: S3 server access logging refuses a target bucket with an
 * Object Lock default retention, and governance mode is lifted by `s3:BypassGovernanceRetention`,
 * which the Deny below covers anyway. Versioning costs nothing while nothing is overwritten (the
 * Deny leaves only the services themselves able to overwrite), which keeps the buckets in the free
 * tier; Object Lock in compliance mode would make a mistaken retention impossible to undo.
 *
 * The break-glass path is the bucket policy itself: whoever may change it (the deployer, an
 * administrator) can lift these denies. Every such change raises a security alert
 * (`AUDIT_BUCKET_ALERT_EVENTS`, watched by the SecurityBaseline).
 */

/** Object writes that only the delivering services may make. */
export const AUDIT_WRITE_ACTIONS = ["s3:PutObject", "s3:ReplicateObject"];

/** Object deletions nobody may make (lifecycle expiry is not a request, so it still runs). */
export const AUDIT_DELETE_ACTIONS = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ReplicateDelete", "s3:BypassGovernanceRetention"];

/** CloudTrail management events that change what protects an audit bucket: each raises a security alert. */
export const AUDIT_BUCKET_ALERT_EVENTS = ["PutBucketPolicy", "DeleteBucketPolicy", "PutBucketVersioning", "PutBucketLifecycle", "DeleteBucketLifecycle", "PutBucketReplication"];

/**
 * The ARN pattern of the role AWS Config delivers with, as AccountSecurityBaseline names it: the
 * logical name `<baseline>-config-role`, auto-named by Pulumi with a random suffix, so the ARN is
 * not known before the role exists (and the log bucket's policy cannot wait for it: the baseline
 * waits for the bucket). Creating a role of that name takes `iam:CreateRole`, a right that could
 * rewrite the bucket policy anyway; the flow rows `config.put` (allowed) and
 * `audit.broad-s3.put.config` (denied) keep the pattern and the role in step.
 */
export function configDeliveryRolePattern(baselineName: string, partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role/${baselineName}-config-role-*`;
}

/** The two denies of an audit bucket's policy. `writerRoleArns`: delivery roles besides the service principals. */
export function auditObjectStatements(bucketArn: string, writerRoleArns: readonly string[]): PolicyStatement[] {
  const roles = writerRoleArns.filter((arn) => arn !== "");
  return [
    {
      Sid: "DenyAuditWritesExceptDeliveringServices",
      Effect: "Deny",
      Principal: "*",
      Action: [...AUDIT_WRITE_ACTIONS],
      Resource: `${bucketArn}/*`,
      // Both must hold to deny: not a service principal, and not one of the delivery roles.
      Condition: {
        Bool: { "aws:PrincipalIsAWSService": "false" },
        ...(roles.length > 0 ? { ArnNotLike: { "aws:PrincipalArn": roles } } : {}),
      },
    },
    {
      Sid: "DenyAuditDeletes",
      Effect: "Deny",
      Principal: "*",
      Action: [...AUDIT_DELETE_ACTIONS],
      Resource: `${bucketArn}/*`,
    },
  ];
}
