import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alertInputTemplate, type Severity } from "./alert-severity";
import { AUDIT_BUCKET_ALERT_EVENTS } from "./audit-objects";

/** A change to what protects audit records is the break-glass path: Critical, like a key policy change. */
export const AUDIT_BUCKET_ALERT_SEVERITY: Severity = "Critical";
const AUDIT_BUCKET_ALERT_TITLE = "Audit bucket policy, versioning, lifecycle or replication changed";

/** Event fields the alert shows (CloudTrail management event via EventBridge). */
export const AUDIT_BUCKET_ALERT_PATHS: Record<string, string> = {
  eventName: "$.detail.eventName",
  bucket: "$.detail.requestParameters.bucketName",
  actor: "$.detail.userIdentity.arn",
  sourceIp: "$.detail.sourceIPAddress",
  time: "$.time",
  account: "$.account",
  region: "$.region",
};

/**
 * The EventBridge rule and target that alert on every change to an audit bucket's policy,
 * versioning, lifecycle or replication (components/audit-objects.ts: the only way to lift the
 * denies that keep its records). Needs a trail recording management events, as the KMS key alerts do.
 */
export function auditBucketAlert(name: string, bucketNames: pulumi.Input<string>[], topicArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.cloudwatch.EventRule {
  const rule = new aws.cloudwatch.EventRule(
    name,
    {
      description: AUDIT_BUCKET_ALERT_TITLE,
      eventPattern: pulumi.jsonStringify({
        source: ["aws.s3"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["s3.amazonaws.com"], eventName: AUDIT_BUCKET_ALERT_EVENTS, requestParameters: { bucketName: bucketNames } },
      }),
    },
    opts,
  );
  new aws.cloudwatch.EventTarget(
    `${name}-alert`,
    {
      rule: rule.name,
      arn: topicArn,
      inputTransformer: {
        inputPaths: AUDIT_BUCKET_ALERT_PATHS,
        inputTemplate: alertInputTemplate(AUDIT_BUCKET_ALERT_SEVERITY, AUDIT_BUCKET_ALERT_TITLE, Object.keys(AUDIT_BUCKET_ALERT_PATHS)),
      },
    },
    opts,
  );
  return rule;
}
