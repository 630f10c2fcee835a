// DynamoDB resource policy lets anyone read the table
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation } from "../support";

const t = new aws.dynamodb.Table("records", {
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
  billingMode: "PROVISIONED",
  readCapacity: 1,
  writeCapacity: 1,
  serverSideEncryption: { enabled: true },
  pointInTimeRecovery: { enabled: true },
  ttl: { attributeName: "expiresAt", enabled: true },
});
new aws.dynamodb.ResourcePolicy("records-policy", {
  resourceArn: t.arn,
  policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "dynamodb:GetItem", Resource: t.arn }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
