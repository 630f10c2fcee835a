// aws.vpc.SecurityGroupIngressRule with all protocols from 0.0.0.0/0
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const sg = new aws.ec2.SecurityGroup("open", {});
new aws.vpc.SecurityGroupIngressRule("open-in", { securityGroupId: sg.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });

export const expected: Expectation = { policy: "security-group-no-public-admin-ports", level: "mandatory" };
