// AWS docs: SNS fan-out to SQS, Principal * restricted by aws:SourceArn of the topic
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation, key, requiredAlarms } from "../support";

const k = key("fanout-key");
const t = new aws.sns.Topic("events", { kmsMasterKeyId: k.arn });
const q = new aws.sqs.Queue("jobs", { kmsMasterKeyId: k.arn });
new aws.sqs.QueuePolicy("jobs-policy", {
  queueUrl: q.url,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: q.arn, Condition: { ArnEquals: { "aws:SourceArn": t.arn } } },
      { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: q.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  }),
});
requiredAlarms();

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
