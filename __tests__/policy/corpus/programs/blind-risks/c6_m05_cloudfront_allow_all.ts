// Misconfigured (class 6): CloudFront default behaviour with viewerProtocolPolicy "allow-all" (plain HTTP to viewers).
import * as aws from "@pulumi/aws";

new aws.cloudfront.Distribution("cdn", {
    enabled: true,
    origins: [{ originId: "web", domainName: "origin.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
    defaultCacheBehavior: {
        targetOriginId: "web",
        viewerProtocolPolicy: "allow-all",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
});

export const expected = { risky: ["cdn"], level: "mandatory", risk: 6 };
