// Misconfigured (class 7): ECS container env var with a neutral name (SIGNING_MATERIAL) whose value is a PEM private key.
import * as aws from "@pulumi/aws";

const pem = [
    "-----BEGIN PRIVATE KEY-----",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
    "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
    "-----END PRIVATE KEY-----",
].join("\n");

new aws.ecs.TaskDefinition("signer-task", {
    family: "signer",
    containerDefinitions: JSON.stringify([{
        name: "signer",
        image: "public.ecr.aws/docker/library/alpine:3.20",
        memory: 128,
        essential: true,
        environment: [{ name: "SIGNING_MATERIAL", value: pem }],
    }]),
});

export const expected = { risky: ["signer-task"], level: "mandatory", risk: 7 };
