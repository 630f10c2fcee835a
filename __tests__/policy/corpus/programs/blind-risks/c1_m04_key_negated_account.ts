// Misconfigured (class 1): key policy Allow with StringNotEquals aws:PrincipalAccount 111111111111 — admits every OTHER account to decrypt.
import * as aws from "@pulumi/aws";

new aws.kms.Key("shared-data-key", {
    enableKeyRotation: true,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Root",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111111111111:root" },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "Partners",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["kms:Decrypt", "kms:DescribeKey"],
                Resource: "*",
                Condition: { StringNotEquals: { "aws:PrincipalAccount": "111111111111" } },
            },
        ],
    }),
});

export const expected = { risky: ["shared-data-key"], level: "mandatory", risk: 1 };
