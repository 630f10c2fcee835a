// aws.ec2.SecurityGroupRule opening PostgreSQL to the world
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const sg = new aws.ec2.SecurityGroup("db", {});
new aws.ec2.SecurityGroupRule("db-in", { type: "ingress", securityGroupId: sg.id, protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] });

export const expected: Expectation = { policy: "security-group-no-public-admin-ports", level: "mandatory" };
