// Legitimate (class 3): RolePolicyAttachment of a customer-managed policy with one action on one topic (an attachment by ARN is not automatically AWS-managed).
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("results", {});
const role = new aws.iam.Role("publisher-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
const policy = new aws.iam.Policy("publish-results", {
    policy: aws.iam.getPolicyDocumentOutput({ statements: [{ effect: "Allow", actions: ["sns:Publish"], resources: [topic.arn] }] }).json,
});

new aws.iam.RolePolicyAttachment("publisher-attach", { role: role.name, policyArn: policy.arn });

export const expected = { safe: ["publish-results", "publisher-attach"], risk: 3 };
