// SQS queue under a customer-managed key, TLS-only by its queue policy
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation, key, requiredAlarms } from "../support";

const q = new aws.sqs.Queue("jobs", { kmsMasterKeyId: key("jobs-key").arn, kmsDataKeyReusePeriodSeconds: 300 });
new aws.sqs.QueuePolicy("jobs-policy", {
  queueUrl: q.url,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: q.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } }],
  }),
});
requiredAlarms();

export const expected: Expectation = { clean: "sqs-queue-cmk" };
