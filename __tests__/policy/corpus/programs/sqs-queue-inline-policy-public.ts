// Queue's own policy property with Principal {AWS: *} and aws:SecureTransport only
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.sqs.Queue("jobs", {
  kmsMasterKeyId: "alias/jobs",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:ReceiveMessage", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }],
  }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
