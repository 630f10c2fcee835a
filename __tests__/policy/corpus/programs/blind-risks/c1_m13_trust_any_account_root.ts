// Misconfigured (class 1): role trust Principal AWS "*" "limited" by ArnLike aws:PrincipalArn arn:aws:iam::*:role/* — any role in any account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

new aws.iam.Role("cross-account-reader", {
    assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sts:AssumeRole",
            Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/*"] } },
        }],
    }),
});

export const expected = { risky: ["cross-account-reader"], level: "mandatory", risk: 1 };
