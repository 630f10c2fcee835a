// The project's SecureBucket with a second, public BucketPolicy written beside it
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptionKey, SecureBucket } from "../../../../components";
import { Expectation, requiredAlarms } from "../support";

const k = new EncryptionKey("data");
const logs = new SecureBucket("logs", {
  mode: "log",
  logWriters: [{ id: "S3ServerAccessLogs", service: "logging.s3.amazonaws.com", keyPrefix: "s3-access/", sourceAccountOnly: true }],
});
const data = new SecureBucket("data", { kmsKeyArn: k.arn, accessLogs: { bucketName: logs.name } });
new aws.s3.BucketPolicy("data-public", {
  bucket: data.name,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: pulumi.interpolate`${data.arn}/*` }],
  }),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
