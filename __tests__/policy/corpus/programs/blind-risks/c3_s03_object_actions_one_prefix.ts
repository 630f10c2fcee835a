// Legitimate (class 3): two exact read actions (GetObject, GetObjectVersion — both contain "Object") on one bucket prefix.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("thumbs-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("thumbs-read", {
    role: role.id,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [{ effect: "Allow", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: ["arn:aws:s3:::acme-images-111111111111/uploads/*"] }],
    }).json,
});

export const expected = { safe: ["thumbs-read"], risk: 3 };
