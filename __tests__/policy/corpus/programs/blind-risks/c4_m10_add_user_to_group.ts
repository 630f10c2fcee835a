// Misconfigured (class 4): iam:AddUserToGroup on "*" — the user can add itself to an admin group (mixed-case action name).
import * as aws from "@pulumi/aws";

const user = new aws.iam.User("onboarding-bot", {});

new aws.iam.UserPolicy("onboarding-groups", {
    user: user.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["IAM:addusertogroup"], Resource: ["*"] }],
    }),
});

export const expected = { risky: ["onboarding-groups"], level: "mandatory", risk: 4 };
