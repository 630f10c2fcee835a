// Legitimate (class 1): trust policy naming this account's root, narrowed by ArnLike to this account's ci-* roles (wildcard only in the role name).
import * as aws from "@pulumi/aws";

new aws.iam.Role("ci-assumable", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: "sts:AssumeRole",
            Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/ci-*" } },
        }],
    }),
});

export const expected = { safe: ["ci-assumable"], risk: 1 };
