// Misconfigured (class 6): HTTPS listeners whose security policies still accept TLS 1.0 (ELBSecurityPolicy-2016-08, ELBSecurityPolicy-TLS-1-0-2015-04).
import * as aws from "@pulumi/aws";

const alb = new aws.lb.LoadBalancer("api-alb", { internal: false, loadBalancerType: "application", subnets: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"] });
const tg = new aws.lb.TargetGroup("api-tg", { port: 8443, protocol: "HTTPS", vpcId: "vpc-0a1b2c3d4e5f67890" });

new aws.lb.Listener("api-alb-https", {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-2016-08",
    certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
});
new aws.lb.Listener("api-alb-https-alt", {
    loadBalancerArn: alb.arn,
    port: 8443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04",
    certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
});

export const expected = { risky: ["api-alb-https", "api-alb-https-alt"], level: "mandatory", risk: 6 };
