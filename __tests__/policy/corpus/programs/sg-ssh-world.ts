// CIS AWS 5.2 / checkov CKV_AWS_24: SSH open to 0.0.0.0/0
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.SecurityGroup("bastion", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });

export const expected: Expectation = { policy: "security-group-no-public-admin-ports", level: "mandatory" };
