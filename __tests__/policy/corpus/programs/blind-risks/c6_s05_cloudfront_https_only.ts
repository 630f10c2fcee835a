// Legitimate (class 6): CloudFront https-only viewers, TLSv1.2_2021 minimum, WAF web ACL attached, S3 origin through an origin access control.
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("static-site", {});
const oac = new aws.cloudfront.OriginAccessControl("static-oac", {
    originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4",
});

new aws.cloudfront.Distribution("static-cdn", {
    enabled: true,
    aliases: ["static.example.com"],
    webAclId: "arn:aws:wafv2:us-east-1:111111111111:global/webacl/edge/11111111-2222-3333-4444-555555555555",
    origins: [{ originId: "s3", domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
    defaultCacheBehavior: {
        targetOriginId: "s3", viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
    restrictions: { geoRestriction: { restrictionType: "whitelist", locations: ["US", "CA"] } },
    viewerCertificate: {
        acmCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
    },
});

export const expected = { safe: ["static-cdn"], risk: 6 };
