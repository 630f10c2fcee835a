// Misconfigured (class 8): Redis 6379 via SecurityGroupRule with four /2 blocks that union to the whole internet; protocol "-1" (all) on another rule.
import * as aws from "@pulumi/aws";

const sg = new aws.ec2.SecurityGroup("cache-sg", { vpcId: "vpc-0a1b2c3d4e5f67890" });

new aws.ec2.SecurityGroupRule("cache-redis", {
    type: "ingress", securityGroupId: sg.id, protocol: "tcp", fromPort: 6379, toPort: 6379,
    cidrBlocks: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"],
});
new aws.vpc.SecurityGroupIngressRule("cache-all-proto", { securityGroupId: sg.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });

export const expected = { risky: ["cache-redis", "cache-all-proto"], level: "mandatory", risk: 8 };
