// Legitimate (class 6): SNS subscription over https; Cognito identity pool with unauthenticated identities disabled.
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("partner-hooks", {});
new aws.sns.TopicSubscription("partner-hooks-https", { topic: topic.arn, protocol: "https", endpoint: "https://hooks.example.com/sns" });

new aws.cognito.IdentityPool("members-identities", {
    identityPoolName: "members_identities",
    allowUnauthenticatedIdentities: false,
    cognitoIdentityProviders: [{ clientId: "app-client-id", providerName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI", serverSideTokenCheck: true }],
});

export const expected = { safe: ["partner-hooks-https", "members-identities"], risk: 6 };
