// CIS AWS 3.2 / checkov CKV_AWS_36: trail without log file validation
import * as aws from "@pulumi/aws";
import { bucket, Expectation, key, requiredAlarms } from "../support";

const b = bucket("trail-logs", { sse: "AES256", versioning: false });
new aws.cloudtrail.Trail("trail", { s3BucketName: b.id, kmsKeyId: key("trail-key").arn, enableLogFileValidation: false });
requiredAlarms();

export const expected: Expectation = { policy: "cloudtrail-encrypted-validated", level: "mandatory" };
