// Legitimate (class 8): SSH only from two private ranges; database port only from another security group.
import * as aws from "@pulumi/aws";

const appSg = new aws.ec2.SecurityGroup("svc-sg", {
    vpcId: "vpc-0a1b2c3d4e5f67890",
    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8", "192.168.0.0/16"] }],
});
const dbSg = new aws.ec2.SecurityGroup("svc-db-sg", { vpcId: "vpc-0a1b2c3d4e5f67890" });
new aws.vpc.SecurityGroupIngressRule("svc-db-from-app", {
    securityGroupId: dbSg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: appSg.id,
});

export const expected = { safe: ["svc-sg", "svc-db-from-app"], risk: 8 };
