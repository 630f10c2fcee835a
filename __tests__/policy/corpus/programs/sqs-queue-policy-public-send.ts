// checkov CKV_AWS_168: SQS queue policy lets anyone send
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation, key } from "../support";

const q = new aws.sqs.Queue("jobs", { kmsMasterKeyId: key("jobs-key").arn });
new aws.sqs.QueuePolicy("jobs-policy", {
  queueUrl: q.url,
  policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: q.arn }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
