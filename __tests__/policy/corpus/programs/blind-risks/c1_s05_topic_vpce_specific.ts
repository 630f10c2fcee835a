// Legitimate (class 1): topic policy Principal "*" bound to one specific VPC endpoint AND this account (StringEquals, no wildcards).
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("vpc-events", {});

new aws.sns.TopicPolicy("vpc-events-policy", {
    arn: topic.arn,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            effect: "Allow",
            principals: [{ type: "AWS", identifiers: ["*"] }],
            actions: ["sns:Publish"],
            resources: [topic.arn],
            conditions: [
                { test: "StringEquals", variable: "aws:SourceVpce", values: ["vpce-0123456789abcdef0"] },
                { test: "StringEquals", variable: "aws:PrincipalAccount", values: ["111111111111"] },
            ],
        }],
    }).json,
});

export const expected = { safe: ["vpc-events-policy"], risk: 1 };
