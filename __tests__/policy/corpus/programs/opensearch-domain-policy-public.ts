// checkov CKV_AWS_..: OpenSearch access policy open to anyone
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation } from "../support";

const d = new aws.opensearch.Domain("search", { engineVersion: "OpenSearch_2.11" });
new aws.opensearch.DomainPolicy("search-policy", {
  domainName: d.domainName,
  accessPolicies: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Resource: pulumi.interpolate`${d.arn}/*` }],
  }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
