// Topic's own policy property lets anyone subscribe
import * as aws from "@pulumi/aws";
import { Expectation, key } from "../support";

new aws.sns.Topic("events", {
  kmsMasterKeyId: key("events-key").arn,
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Subscribe", Resource: "*" }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
