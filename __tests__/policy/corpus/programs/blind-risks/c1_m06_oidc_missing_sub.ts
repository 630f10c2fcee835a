// Misconfigured (class 1): GitHub OIDC trust that checks only the audience — no sub condition at all, so every GitHub workflow qualifies.
import * as aws from "@pulumi/aws";

const provider = new aws.iam.OpenIdConnectProvider("github-oidc", {
    url: "https://token.actions.githubusercontent.com",
    clientIdLists: ["sts.amazonaws.com"],
});

new aws.iam.Role("gha-release-role", {
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            effect: "Allow",
            actions: ["sts:AssumeRoleWithWebIdentity"],
            principals: [{ type: "Federated", identifiers: [provider.arn] }],
            conditions: [{ test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] }],
        }],
    }).json,
});

export const expected = { risky: ["gha-release-role"], level: "mandatory", risk: 1 };
