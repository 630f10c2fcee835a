// Misconfigured (class 4): a role that may iam:PutRolePolicy on "*" — it can write itself any inline policy.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("automation-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("automation-iam", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["iam:PutRolePolicy", "iam:GetRole"], Resource: "*" }],
    }),
});

export const expected = { risky: ["automation-iam"], level: "mandatory", risk: 4 };
