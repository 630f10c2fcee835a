// AWS docs: CloudWatch alarms publish to a topic, restricted by aws:SourceAccount
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Expectation, key, requiredAlarms } from "../support";

const t = new aws.sns.Topic("alerts", { kmsMasterKeyId: key("alerts-key").arn });
new aws.sns.TopicPolicy("alerts-policy", {
  arn: t.arn,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Alarms",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: t.arn,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
      { Sid: "TLS", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: t.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  }),
});
requiredAlarms();

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
