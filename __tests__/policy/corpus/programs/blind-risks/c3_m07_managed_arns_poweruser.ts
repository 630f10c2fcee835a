// Misconfigured (class 3): aws.iam.Role managedPolicyArns including PowerUserAccess (plus a harmless one).
import * as aws from "@pulumi/aws";

new aws.iam.Role("build-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    managedPolicyArns: [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:policy/PowerUserAccess",
    ],
});

export const expected = { risky: ["build-role"], level: "mandatory", risk: 3 };
