// Misconfigured (class 7): ECS task definition environment value is a postgres:// URL with an embedded password (name DATABASE_URL).
import * as aws from "@pulumi/aws";

new aws.ecs.TaskDefinition("api-task", {
    family: "api",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    containerDefinitions: JSON.stringify([{
        name: "api",
        image: "public.ecr.aws/nginx/nginx:latest",
        essential: true,
        environment: [
            { name: "LOG_LEVEL", value: "info" },
            { name: "DATABASE_URL", value: "postgres://app_admin:q9Zr7TmW2pLx@orders-db.internal:5432/orders" },
        ],
    }]),
});

export const expected = { risky: ["api-task"], level: "mandatory", risk: 7 };
