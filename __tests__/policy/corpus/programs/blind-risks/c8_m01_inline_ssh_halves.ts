// Misconfigured (class 8): inline SSH ingress written as 0.0.0.0/1 + 128.0.0.0/1 — together the whole IPv4 internet.
import * as aws from "@pulumi/aws";

new aws.ec2.SecurityGroup("bastion-sg", {
    vpcId: "vpc-0a1b2c3d4e5f67890",
    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"], description: "admins" }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

export const expected = { risky: ["bastion-sg"], level: "mandatory", risk: 8 };
