// Misconfigured (class 6): API Gateway custom domain name with securityPolicy TLS_1_0.
import * as aws from "@pulumi/aws";

new aws.apigateway.DomainName("api-domain", {
    domainName: "api.example.com",
    regionalCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
    endpointConfiguration: { types: "REGIONAL" },
    securityPolicy: "TLS_1_0",
});

export const expected = { risky: ["api-domain"], level: "mandatory", risk: 6 };
