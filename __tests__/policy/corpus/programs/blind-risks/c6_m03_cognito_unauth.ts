// Misconfigured (class 6): Cognito identity pool that allows unauthenticated (guest) identities.
import * as aws from "@pulumi/aws";

new aws.cognito.IdentityPool("viewer-identities", {
    identityPoolName: "viewer_identities",
    allowUnauthenticatedIdentities: true,
    allowClassicFlow: true,
});

export const expected = { risky: ["viewer-identities"], level: "advisory", risk: 6 };
