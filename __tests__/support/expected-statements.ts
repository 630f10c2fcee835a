// Expected policy statements several test files compare against, written out by hand from the
// controls they prove (never computed by the code under test), so a change to a shared statement is
// one edit here and every test that relies on it sees it.

/** Deny every request to `resource` made without TLS. */
export function denyInsecureTransport(resource: string | string[], action: string) {
  return { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: action, Resource: resource, Condition: { Bool: { "aws:SecureTransport": "false" } } };
}

/** A data bucket's two upload denials: no upload without SSE-KMS, none naming a key other than `keyArn`. */
export function denyUploadsNotUsingKey(bucketArn: string, keyArn: string) {
  return [
    {
      Sid: "DenyUploadsNotUsingKms",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } },
    },
    {
      Sid: "DenyUploadsWithOtherKmsKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn } },
    },
  ];
}

/** The whole bucket policy of a SecureBucket in data mode with no extra statements. */
export function dataBucketPolicy(bucketArn: string, keyArn: string) {
  return { Version: "2012-10-17", Statement: [denyInsecureTransport([bucketArn, `${bucketArn}/*`], "s3:*"), ...denyUploadsNotUsingKey(bucketArn, keyArn)] };
}

/** CloudWatch alarms of this account and region may publish to the topic. */
export function allowCloudWatchAlarmsToPublish(topicArn: string, account: string, region = "us-east-1") {
  return {
    Sid: "AllowCloudWatchAlarmsToPublish",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${account}:alarm:*` } },
  };
}
