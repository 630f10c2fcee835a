// Misconfigured (class 4): iam:CreateAccessKey and iam:CreateLoginProfile on every user — can mint credentials for other users.
import * as aws from "@pulumi/aws";

const user = new aws.iam.User("helpdesk", {});

new aws.iam.UserPolicy("helpdesk-keys", {
    user: user.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:CreateLoginProfile"], Resource: "arn:aws:iam::111111111111:user/*" }],
    }),
});

export const expected = { risky: ["helpdesk-keys"], level: "mandatory", risk: 4 };
