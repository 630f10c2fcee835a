// Legitimate (class 4): a guardrail that DENIES iam:PutRolePolicy/AttachRolePolicy/PassRole on "*"; the Allow is read-only on one table.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("guarded-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("guarded-deny-iam", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Deny", Action: ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PassRole", "iam:CreateAccessKey"], Resource: "*" },
            { Effect: "Allow", Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/image-meta" },
        ],
    }),
});

export const expected = { safe: ["guarded-deny-iam"], risk: 4 };
