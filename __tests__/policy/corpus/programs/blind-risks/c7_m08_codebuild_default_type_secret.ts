// Misconfigured (class 7): CodeBuild env var with type omitted (defaults to PLAINTEXT) named DOCKERHUB_PASSWORD with a literal value.
import * as aws from "@pulumi/aws";

new aws.codebuild.Project("image-build", {
    serviceRole: "arn:aws:iam::111111111111:role/codebuild-image",
    artifacts: { type: "NO_ARTIFACTS" },
    source: { type: "NO_SOURCE", buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build .\n" },
    environment: {
        computeType: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/standard:7.0",
        type: "LINUX_CONTAINER",
        privilegedMode: true,
        environmentVariables: [{ name: "DOCKERHUB_PASSWORD", value: "dckr_pat_7Hq2LmZ9xW4vB8nR1tY6uK3sP0e" }],
    },
});

export const expected = { risky: ["image-build"], level: "mandatory", risk: 7 };
