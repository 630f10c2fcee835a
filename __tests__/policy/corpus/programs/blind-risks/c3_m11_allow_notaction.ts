// Misconfigured (class 3): an ALLOW with NotAction ["iam:*"] on "*" — grants every action of every other service.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("almost-admin-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.iam.RolePolicy("almost-admin", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }],
    }),
});

export const expected = { risky: ["almost-admin"], level: "mandatory", risk: 3 };
