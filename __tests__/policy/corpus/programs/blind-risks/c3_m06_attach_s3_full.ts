// Misconfigured (class 3): RolePolicyAttachment of AWS-managed AmazonS3FullAccess.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("ingest-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicyAttachment("ingest-s3-full", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
});

export const expected = { risky: ["ingest-s3-full"], level: "mandatory", risk: 3 };
