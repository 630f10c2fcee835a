// Legitimate (class 5): EventBridge target is a custom bus in this account (ARN output and a literal same-account ARN).
import * as aws from "@pulumi/aws";

const bus = new aws.cloudwatch.EventBus("app-bus", {});
const rule = new aws.cloudwatch.EventRule("ingest-events", { eventPattern: JSON.stringify({ source: ["aws.s3"] }) });
const role = new aws.iam.Role("eb-bus-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.cloudwatch.EventTarget("ingest-to-app-bus", { rule: rule.name, arn: bus.arn, roleArn: role.arn });
new aws.cloudwatch.EventTarget("ingest-to-ops-bus", { rule: rule.name, arn: "arn:aws:events:us-east-1:111111111111:event-bus/ops", roleArn: role.arn });

export const expected = { safe: ["ingest-to-app-bus", "ingest-to-ops-bus"], risk: 5 };
