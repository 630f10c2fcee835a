// checkov CKV_AWS_..: EFS file system policy lets anyone mount and write
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation } from "../support";

const fs = new aws.efs.FileSystem("share", { encrypted: true });
new aws.efs.FileSystemPolicy("share-policy", {
  fileSystemId: fs.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], Resource: fs.arn }],
  }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
