// Legitimate (class 4): ec2:RunInstances with iam:PassRole limited to one low-privilege instance role, passed only to ec2.amazonaws.com.
import * as aws from "@pulumi/aws";

const user = new aws.iam.User("launch-operator", {});

new aws.iam.UserPolicy("launch-operator-policy", {
    user: user.name,
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [
            { effect: "Allow", actions: ["ec2:RunInstances"], resources: ["arn:aws:ec2:us-east-1:111111111111:*"] },
            {
                effect: "Allow", actions: ["iam:PassRole"], resources: ["arn:aws:iam::111111111111:role/web-instance-role"],
                conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
            },
        ],
    }).json,
});

export const expected = { safe: ["launch-operator-policy"], risk: 4 };
