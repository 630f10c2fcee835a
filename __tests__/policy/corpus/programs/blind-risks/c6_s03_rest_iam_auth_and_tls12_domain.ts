// Legitimate (class 6): REST method with AWS_IAM authorization and an API Gateway custom domain with securityPolicy TLS_1_2.
import * as aws from "@pulumi/aws";

const api = new aws.apigateway.RestApi("internal-api", {});
const res = new aws.apigateway.Resource("jobs-resource", { restApi: api.id, parentId: api.rootResourceId, pathPart: "jobs" });

new aws.apigateway.Method("jobs-get", { restApi: api.id, resourceId: res.id, httpMethod: "GET", authorization: "AWS_IAM" });
new aws.apigateway.DomainName("internal-api-domain", {
    domainName: "internal-api.example.com",
    regionalCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
    endpointConfiguration: { types: "REGIONAL" },
    securityPolicy: "TLS_1_2",
});

export const expected = { safe: ["jobs-get", "internal-api-domain"], risk: 6 };
