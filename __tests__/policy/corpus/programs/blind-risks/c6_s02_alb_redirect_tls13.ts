// Legitimate (class 6): internet-facing ALB whose HTTP listener only redirects to HTTPS; HTTPS listener uses a TLS 1.2+/1.3 policy.
import * as aws from "@pulumi/aws";

const alb = new aws.lb.LoadBalancer("web-alb", { internal: false, loadBalancerType: "application", subnets: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"] });
const tg = new aws.lb.TargetGroup("web-tg", { port: 8080, protocol: "HTTP", vpcId: "vpc-0a1b2c3d4e5f67890" });

new aws.lb.Listener("web-alb-http-redirect", {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
});
new aws.lb.Listener("web-alb-https", {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
});

export const expected = { safe: ["web-alb-http-redirect", "web-alb-https"], risk: 6 };
