// Misconfigured (class 5): CloudWatch Logs subscription filter streaming every application log event to another account's logs destination.
import * as aws from "@pulumi/aws";

const group = new aws.cloudwatch.LogGroup("app-logs", { retentionInDays: 30 });

new aws.cloudwatch.LogSubscriptionFilter("app-logs-export", {
    logGroup: group.name,
    filterPattern: "",
    destinationArn: "arn:aws:logs:us-east-1:999999999999:destination:central-logs",
});

export const expected = { risky: ["app-logs-export"], level: "mandatory", risk: 5 };
