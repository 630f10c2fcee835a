// A correct bucket written with aws.s3.BucketV2, each configuration resource given `bucket.id`.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("v2-key", { enableKeyRotation: true, deletionWindowInDays: 30 });
const bucket = new aws.s3.BucketV2("v2-data", {});
new aws.s3.BucketServerSideEncryptionConfigurationV2("v2-data-sse", {
  bucket: bucket.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
});
new aws.s3.BucketPublicAccessBlock("v2-data-pab", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
new aws.s3.BucketOwnershipControls("v2-data-ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
new aws.s3.BucketLifecycleConfigurationV2("v2-data-lifecycle", { bucket: bucket.id, rules: [{ id: "expire", status: "Enabled", expiration: { days: 30 } }] });
new aws.s3.BucketVersioningV2("v2-data-versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
new aws.s3.BucketPolicy("v2-data-policy", {
  bucket: bucket.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  }),
});
const alarm = (name: string, namespace: string, metricName: string) =>
  new aws.cloudwatch.MetricAlarm(name, { namespace, metricName, comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, period: 300, statistic: "Sum", threshold: 1 });
alarm("v2-size", "AWS/S3", "BucketSizeBytes");
alarm("v2-key-state", "AWS/KMS", "KeyUnavailable");

export const bucketName = bucket.id;
