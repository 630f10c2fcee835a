// Legitimate (class 2): topic policy for events.amazonaws.com bound by aws:SourceAccount to the caller's own account (getCallerIdentityOutput).
import * as aws from "@pulumi/aws";

const me = aws.getCallerIdentityOutput();
const topic = new aws.sns.Topic("eb-alerts", {});

new aws.sns.TopicPolicy("eb-alerts-policy", {
    arn: topic.arn,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            effect: "Allow",
            principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
            actions: ["sns:Publish"],
            resources: [topic.arn],
            conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [me.accountId] }],
        }],
    }).json,
});

export const expected = { safe: ["eb-alerts-policy"], risk: 2 };
