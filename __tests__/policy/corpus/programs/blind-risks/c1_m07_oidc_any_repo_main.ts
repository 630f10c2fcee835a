// Misconfigured (class 1): OIDC sub "repo:*:ref:refs/heads/main" looks branch-pinned but admits the main branch of ANY repository (condition key written in mixed case).
import * as aws from "@pulumi/aws";

new aws.iam.Role("gha-main-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"] },
                StringLike: { "Token.Actions.GithubUserContent.com:Sub": ["repo:*:ref:refs/heads/main"] },
            },
        }],
    }),
});

export const expected = { risky: ["gha-main-role"], level: "mandatory", risk: 1 };
