// Misconfigured (class 4): iam:CreatePolicyVersion + iam:SetDefaultPolicyVersion on every policy (getPolicyDocumentOutput, attached to a user).
import * as aws from "@pulumi/aws";

const user = new aws.iam.User("policy-editor", {});

new aws.iam.UserPolicy("policy-editor-versions", {
    user: user.name,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{ effect: "Allow", actions: ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"], resources: ["arn:aws:iam::111111111111:policy/*"] }],
    }).json,
});

export const expected = { risky: ["policy-editor-versions"], level: "mandatory", risk: 4 };
