// Misconfigured (class 8): aws.ec2.SecurityGroupRule opening PostgreSQL 5432 to 0.0.0.0/0.
import * as aws from "@pulumi/aws";

const sg = new aws.ec2.SecurityGroup("db-sg", { vpcId: "vpc-0a1b2c3d4e5f67890" });

new aws.ec2.SecurityGroupRule("db-sg-pg", {
    type: "ingress",
    securityGroupId: sg.id,
    protocol: "tcp",
    fromPort: 5432,
    toPort: 5432,
    cidrBlocks: ["0.0.0.0/0"],
});

export const expected = { risky: ["db-sg-pg"], level: "mandatory", risk: 8 };
