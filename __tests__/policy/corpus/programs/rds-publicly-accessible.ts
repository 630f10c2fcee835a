// CIS AWS 2.3.3 / checkov CKV_AWS_17: RDS instance publicly accessible
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.rds.Instance("db", {
  engine: "postgres",
  instanceClass: "db.t4g.micro",
  allocatedStorage: 20,
  username: "app",
  manageMasterUserPassword: true,
  storageEncrypted: true,
  publiclyAccessible: true,
});

export const expected: Expectation = { policy: "public-endpoint-access", level: "mandatory" };
