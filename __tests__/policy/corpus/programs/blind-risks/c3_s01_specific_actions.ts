// Legitimate (class 3): exact actions on specific prefixes and a specific table, as in the policy's Lambda permission boundary.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const bucket = new aws.s3.Bucket("images", {});
const table = new aws.dynamodb.Table("image-meta", { hashKey: "id", attributes: [{ name: "id", type: "S" }], billingMode: "PAY_PER_REQUEST" });
const role = new aws.iam.Role("processor-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("processor-policy", {
    role: role.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${bucket.arn}/uploads/*` },
            { Effect: "Allow", Action: ["s3:PutObject"], Resource: pulumi.interpolate`${bucket.arn}/processed/*` },
            { Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: table.arn },
        ],
    }),
});

export const expected = { safe: ["processor-policy"], risk: 3 };
