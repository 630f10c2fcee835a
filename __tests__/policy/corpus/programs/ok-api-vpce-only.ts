// AWS docs: private API, Principal * restricted by aws:SourceVpce
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation } from "../support";

const api = new aws.apigateway.RestApi("api", { endpointConfiguration: { types: "PRIVATE" } });
new aws.apigateway.RestApiPolicy("api-policy", {
  restApiId: api.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: pulumi.interpolate`${api.executionArn}/*`,
        Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
      },
    ],
  }),
});

export const expected: Expectation = { clean: "resource-policy-no-public-principal" };
