// A port range that covers MySQL open to the world
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.SecurityGroup("app", { ingress: [{ protocol: "tcp", fromPort: 3000, toPort: 4000, cidrBlocks: ["0.0.0.0/0"] }] });

export const expected: Expectation = { policy: "security-group-no-public-admin-ports", level: "mandatory" };
