// Misconfigured (class 4): iam:PassRole on "*" together with lambda:CreateFunction/UpdateFunctionCode — can run code as any role.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("deployer-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("deployer-passrole", {
    role: role.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:InvokeFunction"], Resource: "*" },
            { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
        ],
    }),
});

export const expected = { risky: ["deployer-passrole"], level: "mandatory", risk: 4 };
