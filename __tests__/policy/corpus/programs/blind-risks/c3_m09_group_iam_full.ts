// Misconfigured (class 3): GroupPolicyAttachment of IAMFullAccess.
import * as aws from "@pulumi/aws";

const group = new aws.iam.Group("developers", {});

new aws.iam.GroupPolicyAttachment("developers-iam", {
    group: group.name,
    policyArn: "arn:aws:iam::aws:policy/IAMFullAccess",
});

export const expected = { risky: ["developers-iam"], level: "mandatory", risk: 3 };
