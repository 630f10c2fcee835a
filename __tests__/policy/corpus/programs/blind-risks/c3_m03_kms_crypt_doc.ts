// Misconfigured (class 3): getPolicyDocumentOutput granting kms:*crypt* (Encrypt, Decrypt, ReEncrypt*) on every key.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("crypto-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("crypto-kms", {
    role: role.name,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{ effect: "Allow", actions: ["kms:*crypt*"], resources: ["*"] }],
    }).json,
});

export const expected = { risky: ["crypto-kms"], level: "mandatory", risk: 3 };
