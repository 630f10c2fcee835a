// HTTPS open to the world, SSH only from the VPC range
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.SecurityGroup("web", {
  ingress: [
    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
    { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16"] },
  ],
});

export const expected: Expectation = { clean: "security-group-no-public-admin-ports" };
