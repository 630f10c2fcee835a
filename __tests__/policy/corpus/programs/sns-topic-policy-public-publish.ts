// checkov CKV_AWS_169 / cdk-nag: SNS topic policy lets anyone publish
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation, key } from "../support";

const t = new aws.sns.Topic("events", { kmsMasterKeyId: key("events-key").arn });
new aws.sns.TopicPolicy("events-policy", {
  arn: t.arn,
  policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: t.arn }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
