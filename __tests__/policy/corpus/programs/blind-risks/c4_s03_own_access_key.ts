// Legitimate (class 4): self-service policy — users may manage only their OWN access keys via the ${aws:username} policy variable.
import * as aws from "@pulumi/aws";

const group = new aws.iam.Group("humans", {});

new aws.iam.GroupPolicy("humans-own-keys", {
    group: group.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"],
            Resource: "arn:aws:iam::111111111111:user/${aws:username}",
        }],
    }),
});

export const expected = { safe: ["humans-own-keys"], risk: 4 };
