// Legitimate (class 7): CodeBuild secret variables typed PARAMETER_STORE / SECRETS_MANAGER (values are references, not secrets).
import * as aws from "@pulumi/aws";

new aws.codebuild.Project("deploy-build", {
    serviceRole: "arn:aws:iam::111111111111:role/codebuild-deploy",
    artifacts: { type: "NO_ARTIFACTS" },
    source: { type: "NO_SOURCE", buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - echo deploy\n" },
    environment: {
        computeType: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/standard:7.0",
        type: "LINUX_CONTAINER",
        environmentVariables: [
            { name: "DB_PASSWORD", value: "/image-app/db/password", type: "PARAMETER_STORE" },
            { name: "GH_TOKEN", value: "ci/github-token:token", type: "SECRETS_MANAGER" },
            { name: "PASSWORD_POLICY", value: "min12-upper-digit", type: "PLAINTEXT" },
        ],
    },
});

export const expected = { safe: ["deploy-build"], risk: 7 };
