// API Gateway resource policy allows execute-api:Invoke to anyone, no IP or VPC endpoint condition
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation } from "../support";

const api = new aws.apigateway.RestApi("api", {});
new aws.apigateway.RestApiPolicy("api-policy", {
  restApiId: api.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: pulumi.interpolate`${api.executionArn}/*` }],
  }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
