// Misconfigured (class 6): internet-facing ALB with a plain HTTP:80 listener that forwards traffic (no redirect to HTTPS).
import * as aws from "@pulumi/aws";

const alb = new aws.lb.LoadBalancer("public-alb", {
    internal: false,
    loadBalancerType: "application",
    subnets: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"],
});
const tg = new aws.lb.TargetGroup("public-tg", { port: 8080, protocol: "HTTP", vpcId: "vpc-0a1b2c3d4e5f67890" });

new aws.lb.Listener("public-alb-http", {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
});

export const expected = { risky: ["public-alb-http"], level: "mandatory", risk: 6 };
