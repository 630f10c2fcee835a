// Misconfigured (class 1): Secrets Manager resource policy Allow to Principal "*" with ArnNotLike aws:PrincipalArn on one blocked role — admits every other principal anywhere.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const secret = new aws.secretsmanager.Secret("db-credentials", {});

new aws.secretsmanager.SecretPolicy("db-credentials-policy", {
    secretArn: secret.arn,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/legacy-*" } },
        }],
    }),
});

export const expected = { risky: ["db-credentials-policy"], level: "mandatory", risk: 1 };
