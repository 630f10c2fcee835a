// The project's own components: a CMK, a log bucket and a data bucket logging into it
import { EncryptionKey, SecureBucket } from "../../../../components";
import { Expectation, requiredAlarms } from "../support";

const k = new EncryptionKey("data");
const logs = new SecureBucket("logs", {
  mode: "log",
  logWriters: [{ id: "S3ServerAccessLogs", service: "logging.s3.amazonaws.com", keyPrefix: "s3-access/", sourceAccountOnly: true }],
});
new SecureBucket("data", { kmsKeyArn: k.arn, accessLogs: { bucketName: logs.name } });
requiredAlarms();

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
