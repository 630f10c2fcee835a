// Misconfigured (class 8): MySQL 3306 open to all of IPv6 (::/0) through aws.vpc.SecurityGroupIngressRule cidrIpv6.
import * as aws from "@pulumi/aws";

const sg = new aws.ec2.SecurityGroup("mysql-sg", { vpcId: "vpc-0a1b2c3d4e5f67890" });

new aws.vpc.SecurityGroupIngressRule("mysql-v6", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrIpv6: "::/0" });

export const expected = { risky: ["mysql-v6"], level: "mandatory", risk: 8 };
