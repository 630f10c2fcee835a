// Service trust with aws:SourceAccount (confused-deputy protection)
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Expectation } from "../support";

new aws.iam.Role("batch-ops", {
  assumeRolePolicy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "batchoperations.s3.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
    ],
  }),
});

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
