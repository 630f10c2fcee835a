// Misconfigured (class 7): CodeBuild environment variable of type PLAINTEXT carrying a GitHub personal access token.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("cb-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.codebuild.Project("release-build", {
    serviceRole: role.arn,
    artifacts: { type: "NO_ARTIFACTS" },
    source: { type: "NO_SOURCE", buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - echo build\n" },
    environment: {
        computeType: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/standard:7.0",
        type: "LINUX_CONTAINER",
        environmentVariables: [
            { name: "STAGE", value: "prod", type: "PLAINTEXT" },
            { name: "GH_TOKEN", value: "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngXyZ123456", type: "PLAINTEXT" },
        ],
    },
});

export const expected = { risky: ["release-build"], level: "mandatory", risk: 7 };
