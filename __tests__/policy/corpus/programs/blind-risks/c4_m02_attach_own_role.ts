// Misconfigured (class 4): the role may iam:AttachRolePolicy on its own ARN (name given explicitly) — can attach AdministratorAccess to itself.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("self-managing-role", { name: "self-managing-role", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("self-managing-attach", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "arn:aws:iam::111111111111:role/self-managing-role" }],
    }),
});

export const expected = { risky: ["self-managing-attach"], level: "mandatory", risk: 4 };
