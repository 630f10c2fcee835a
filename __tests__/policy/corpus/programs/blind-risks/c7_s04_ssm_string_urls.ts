// Legitimate (class 7): SSM String parameters whose names contain token/secret/password but whose values are a URL, an ARN and a number.
import * as aws from "@pulumi/aws";

new aws.ssm.Parameter("token-endpoint-param", { name: "/image-app/auth/token_endpoint", type: "String", value: "https://auth.example.com/oauth2/token" });
new aws.ssm.Parameter("secret-arn-param", { name: "/image-app/db/secret_arn", type: "String", value: "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-credentials-AbCdEf" });
new aws.ssm.Parameter("password-rotation-days", { name: "/image-app/policy/password_rotation_days", type: "String", value: "90" });

export const expected = { safe: ["token-endpoint-param", "secret-arn-param", "password-rotation-days"], risk: 7 };
