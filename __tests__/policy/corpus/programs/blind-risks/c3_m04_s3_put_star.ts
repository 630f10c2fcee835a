// Misconfigured (class 3): s3:Put* on arn:aws:s3:::* (PutBucketPolicy, PutBucketAcl, PutObject... on every bucket), written via pulumi.jsonStringify.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("uploader-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("uploader-put", {
    role: role.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:Put*"], Resource: ["arn:aws:s3:::*", "arn:aws:s3:::*/*"] }],
    }),
});

export const expected = { risky: ["uploader-put"], level: "mandatory", risk: 3 };
