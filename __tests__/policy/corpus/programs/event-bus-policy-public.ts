// EventBridge bus policy lets every account put events
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.cloudwatch.EventBusPolicy("bus-policy", {
  eventBusName: "default",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "All", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: "arn:aws:events:us-east-1:123456789012:event-bus/default" }],
  }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
