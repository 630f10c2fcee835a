// Legitimate (class 8): the default security group adopted with no ingress and no egress rules (fully locked down, CIS style).
import * as aws from "@pulumi/aws";

new aws.ec2.DefaultSecurityGroup("default-sg-locked", { vpcId: "vpc-0a1b2c3d4e5f67890" });

export const expected = { safe: ["default-sg-locked"], risk: 8 };
