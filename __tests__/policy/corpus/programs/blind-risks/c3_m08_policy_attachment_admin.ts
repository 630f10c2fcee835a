// Misconfigured (class 3): aws.iam.PolicyAttachment of AdministratorAccess to a role and a group at once.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("ops-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] }),
});
const group = new aws.iam.Group("ops-group", {});

new aws.iam.PolicyAttachment("ops-admin", {
    roles: [role.name],
    groups: [group.name],
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
});

export const expected = { risky: ["ops-admin"], level: "mandatory", risk: 3 };
