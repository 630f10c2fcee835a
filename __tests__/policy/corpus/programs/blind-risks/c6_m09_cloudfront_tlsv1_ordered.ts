// Misconfigured (class 6): CloudFront default behaviour is HTTPS, but an ordered cache behaviour for /api/* is "allow-all" and the viewer certificate allows TLSv1.
import * as aws from "@pulumi/aws";

new aws.cloudfront.Distribution("site-cdn", {
    enabled: true,
    aliases: ["www.example.com"],
    origins: [{ originId: "site", domainName: "site.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
    defaultCacheBehavior: {
        targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
    orderedCacheBehaviors: [{
        pathPattern: "/api/*", targetOriginId: "site", viewerProtocolPolicy: "allow-all",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"], cachedMethods: ["GET", "HEAD"],
        cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    }],
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: {
        acmCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1",
    },
});

export const expected = { risky: ["site-cdn"], level: "mandatory", risk: 6 };
