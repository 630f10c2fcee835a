// Misconfigured (class 4): iam:PassRole on every role + ec2:RunInstances in a customer-managed policy attached to a group.
import * as aws from "@pulumi/aws";

const group = new aws.iam.Group("launchers", {});
const policy = new aws.iam.Policy("launch-any", {
    policy: aws.iam.getPolicyDocumentOutput({
        statements: [
            { effect: "Allow", actions: ["ec2:RunInstances", "ec2:DescribeInstances"], resources: ["*"] },
            { effect: "Allow", actions: ["iam:PassRole"], resources: ["arn:aws:iam::111111111111:role/*"] },
        ],
    }).json,
});
new aws.iam.GroupPolicyAttachment("launchers-attach", { group: group.name, policyArn: policy.arn });

export const expected = { risky: ["launch-any"], level: "mandatory", risk: 4 };
