// Misconfigured (class 8): a 0-65535 TCP port range from 0.0.0.0/0 (covers 22, 3389, 5432 ...) even though no admin port is named.
import * as aws from "@pulumi/aws";

new aws.ec2.SecurityGroup("app-sg", {
    vpcId: "vpc-0a1b2c3d4e5f67890",
    ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }],
});

export const expected = { risky: ["app-sg"], level: "mandatory", risk: 8 };
