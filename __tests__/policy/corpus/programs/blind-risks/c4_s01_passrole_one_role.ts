// Legitimate (class 4): iam:PassRole to one named execution role with iam:PassedToService lambda.amazonaws.com, plus lambda:CreateFunction.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

new aws.iam.Role("fn-exec-role", { name: "image-fn-exec", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
const ciRole = new aws.iam.Role("fn-ci-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] }),
});

new aws.iam.RolePolicy("fn-ci-deploy", {
    role: ciRole.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:UpdateFunctionCode"], Resource: "arn:aws:lambda:us-east-1:111111111111:function:image-*" },
            {
                Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111111111111:role/image-fn-exec",
                Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
            },
        ],
    }),
});

export const expected = { safe: ["fn-ci-deploy"], risk: 4 };
