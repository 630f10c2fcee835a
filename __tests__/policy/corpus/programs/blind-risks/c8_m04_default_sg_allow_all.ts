// Misconfigured (class 8): aws.ec2.DefaultSecurityGroup adopted with allow-all ingress from the internet and allow-all egress.
import * as aws from "@pulumi/aws";

new aws.ec2.DefaultSecurityGroup("default-sg", {
    vpcId: "vpc-0a1b2c3d4e5f67890",
    ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

export const expected = { risky: ["default-sg"], level: "mandatory", risk: 8 };
