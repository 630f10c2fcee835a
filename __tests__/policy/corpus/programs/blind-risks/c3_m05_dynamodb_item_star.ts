// Misconfigured (class 3): dynamodb:*Item* on every table in every region/account (arn:aws:dynamodb:*:*:table/*).
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("table-writer-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("table-writer", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: "dynamodb:*Item*", Resource: "arn:aws:dynamodb:*:*:table/*" },
        ],
    }),
});

export const expected = { risky: ["table-writer"], level: "mandatory", risk: 3 };
