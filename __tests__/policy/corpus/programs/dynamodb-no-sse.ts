// checkov CKV_AWS_119: table without KMS encryption
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.dynamodb.Table("records", {
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
  billingMode: "PROVISIONED",
  readCapacity: 1,
  writeCapacity: 1,
  pointInTimeRecovery: { enabled: true },
  ttl: { attributeName: "expiresAt", enabled: true },
});

export const expected: Expectation = { policy: "dynamodb-sse-enabled", level: "mandatory" };
