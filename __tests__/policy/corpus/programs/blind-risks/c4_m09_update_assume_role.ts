// Misconfigured (class 4): role may iam:UpdateAssumeRolePolicy on tenant-* roles, a pattern that matches its own name — can let anyone assume it.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("tenant-role", { name: "tenant-role", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("tenant-trust-edit", {
    role: role.id,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{ effect: "Allow", actions: ["iam:UpdateAssumeRolePolicy"], resources: ["arn:aws:iam::111111111111:role/tenant-*"] }],
    }).json,
});

export const expected = { risky: ["tenant-trust-edit"], level: "mandatory", risk: 4 };
