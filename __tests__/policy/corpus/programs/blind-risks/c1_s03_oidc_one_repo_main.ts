// Legitimate (class 1): GitHub OIDC trust bound to one repository's main branch and the sts audience.
import * as aws from "@pulumi/aws";

new aws.iam.Role("gha-prod-deploy", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": "repo:acme-corp/image-pipeline:ref:refs/heads/main",
                },
            },
        }],
    }),
});

export const expected = { safe: ["gha-prod-deploy"], risk: 1 };
