// Misconfigured (class 8): two aws.vpc.SecurityGroupIngressRule resources for RDP 3389, one per IPv4 half — split across resources.
import * as aws from "@pulumi/aws";

const sg = new aws.ec2.SecurityGroup("windows-sg", { vpcId: "vpc-0a1b2c3d4e5f67890" });

new aws.vpc.SecurityGroupIngressRule("rdp-low-half", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "0.0.0.0/1" });
new aws.vpc.SecurityGroupIngressRule("rdp-high-half", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "128.0.0.0/1" });

export const expected = { risky: ["rdp-low-half", "rdp-high-half", "windows-sg"], level: "mandatory", risk: 8 };
