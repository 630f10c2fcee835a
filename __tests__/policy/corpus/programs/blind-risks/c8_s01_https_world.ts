// Legitimate (class 8): security group open to the internet only on 443 (IPv4 and IPv6), plus a standalone 443 rule.
import * as aws from "@pulumi/aws";

const sg = new aws.ec2.SecurityGroup("web-sg", {
    vpcId: "vpc-0a1b2c3d4e5f67890",
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});
new aws.vpc.SecurityGroupIngressRule("web-sg-443-v4", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });

export const expected = { safe: ["web-sg", "web-sg-443-v4"], risk: 8 };
