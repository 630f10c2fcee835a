// Misconfigured (class 4): iam:Pass* (wildcard covers PassRole) with glue:CreateDevEndpoint and cloudformation:CreateStack.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("etl-admin-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("etl-admin", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["glue:CreateDevEndpoint", "cloudformation:CreateStack"], Resource: "*" },
            { Effect: "Allow", Action: "iam:Pass*", Resource: "*" },
        ],
    }),
});

export const expected = { risky: ["etl-admin"], level: "mandatory", risk: 4 };
