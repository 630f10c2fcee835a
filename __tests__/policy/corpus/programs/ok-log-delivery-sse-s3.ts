// AWS S3 docs: server access logs delivered to an SSE-S3 bucket by logging.s3.amazonaws.com with aws:SourceArn/aws:SourceAccount
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

const data = bucket("data");
const logs = bucket("logs", {
  sse: "AES256",
  versioning: false,
  policy: (b) =>
    tlsOnlyPolicy(b, [
      {
        Sid: "S3ServerAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${b.arn}/*`,
        Condition: { ArnLike: { "aws:SourceArn": data.arn }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]),
});
new aws.s3.BucketLogging("data-logging", { bucket: data.id, targetBucket: logs.id, targetPrefix: "data/" });
requiredAlarms();

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
