// Legitimate (class 3): a Deny with NotAction and Resource "*" (deny everything except reads of one prefix) plus a narrow Allow.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("reader-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("reader-guardrail", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "DenyAllButRead", Effect: "Deny", NotAction: ["s3:GetObject", "logs:*"], Resource: "*" },
            { Sid: "DenyIamWrites", Effect: "Deny", Action: ["iam:*Policy*", "s3:Put*"], Resource: "*" },
            { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-images-111111111111/processed/*" },
        ],
    }),
});

export const expected = { safe: ["reader-guardrail"], risk: 3 };
