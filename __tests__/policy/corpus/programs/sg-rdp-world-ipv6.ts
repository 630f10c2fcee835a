// CIS AWS 5.3 / checkov CKV_AWS_25: RDP open to ::/0
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.SecurityGroup("win", { ingress: [{ protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlocks: ["::/0"] }] });

export const expected: Expectation = { policy: "security-group-no-public-admin-ports", level: "mandatory" };
