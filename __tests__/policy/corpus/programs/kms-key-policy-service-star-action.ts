// Key policy gives a service every action ('*')
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Expectation, key, requiredAlarms } from "../support";

key(
  "logs-key",
  pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Root", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "*", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
    ],
  }),
);
requiredAlarms();

export const expected: Expectation = { policy: "kms-key-policy-least-privilege", level: "mandatory" };
