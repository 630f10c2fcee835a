// Misconfigured (class 1): topic policy Principal "*" with ArnLike aws:PrincipalArn arn:aws:iam::*:role/deployer — any account's "deployer" role may publish.
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("deploy-events", {});

new aws.sns.TopicPolicy("deploy-events-policy", {
    arn: topic.arn,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            effect: "Allow",
            principals: [{ type: "*", identifiers: ["*"] }],
            actions: ["sns:Publish"],
            resources: [topic.arn],
            conditions: [{ test: "ArnLike", variable: "aws:PrincipalArn", values: ["arn:aws:iam::*:role/deployer"] }],
        }],
    }).json,
});

export const expected = { risky: ["deploy-events-policy"], level: "mandatory", risk: 1 };
