// cdk-nag AwsSolutions-SQS4: an SQS queue whose policy does not require TLS
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation, key, requiredAlarms } from "../support";

const q = new aws.sqs.Queue("jobs", { kmsMasterKeyId: key("jobs-key").arn });
new aws.sqs.QueuePolicy("jobs-policy", {
  queueUrl: q.url,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", Principal: "*", Action: "sqs:SendMessage", Resource: q.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } }],
  }),
});
requiredAlarms();

export const expected: Expectation = { policy: "sqs-queue-policy-denies-insecure-transport", level: "mandatory" };
