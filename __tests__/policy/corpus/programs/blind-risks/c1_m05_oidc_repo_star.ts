// Misconfigured (class 1): GitHub OIDC trust whose sub is StringLike "repo:*" — any repository on GitHub can assume the role.
import * as aws from "@pulumi/aws";

new aws.iam.Role("gha-deploy-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" },
            },
        }],
    }),
});

export const expected = { risky: ["gha-deploy-role"], level: "mandatory", risk: 1 };
