// Misconfigured (class 5): EventBridge rule forwarding all S3 events to another account's default event bus.
import * as aws from "@pulumi/aws";

const rule = new aws.cloudwatch.EventRule("s3-events", {
    eventPattern: JSON.stringify({ source: ["aws.s3"] }),
});
const role = new aws.iam.Role("eb-forward-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.cloudwatch.EventTarget("s3-events-forward", {
    rule: rule.name,
    arn: "arn:aws:events:us-east-1:999999999999:event-bus/default",
    roleArn: role.arn,
});

export const expected = { risky: ["s3-events-forward"], level: "mandatory", risk: 5 };
