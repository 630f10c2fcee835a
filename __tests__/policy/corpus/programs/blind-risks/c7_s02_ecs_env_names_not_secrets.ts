// Legitimate (class 7): ECS env names that sound secret but hold non-secret values (issuer URL, a length, a secret ARN) plus proper `secrets` valueFrom.
import * as aws from "@pulumi/aws";

new aws.ecs.TaskDefinition("auth-task", {
    family: "auth",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    executionRoleArn: "arn:aws:iam::111111111111:role/ecs-exec",
    containerDefinitions: JSON.stringify([{
        name: "auth",
        image: "public.ecr.aws/nginx/nginx:latest",
        essential: true,
        environment: [
            { name: "TOKEN_ISSUER", value: "https://issuer.example.com" },
            { name: "PASSWORD_MIN_LENGTH", value: "12" },
            { name: "SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-credentials-AbCdEf" },
            { name: "API_KEY_HEADER", value: "x-api-key" },
            { name: "TOKEN_TTL_SECONDS", value: "3600" },
        ],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-credentials-AbCdEf:password::" }],
    }]),
});

export const expected = { safe: ["auth-task"], risk: 7 };
