// Legitimate (class 8): 0.0.0.0/1 + 128.0.0.0/1 appear only in an EGRESS rule on 443 and ingress is from a /24 VPN range on 22.
import * as aws from "@pulumi/aws";

const sg = new aws.ec2.SecurityGroup("jump-sg", { vpcId: "vpc-0a1b2c3d4e5f67890" });
new aws.ec2.SecurityGroupRule("jump-egress-https", {
    type: "egress", securityGroupId: sg.id, protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"],
});
new aws.ec2.SecurityGroupRule("jump-ssh-vpn", {
    type: "ingress", securityGroupId: sg.id, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["203.0.113.0/24"],
});

export const expected = { safe: ["jump-egress-https", "jump-ssh-vpn"], risk: 8 };
