// Misconfigured (class 6): HTTP API route with no authorizer (authorizationType omitted = NONE), catch-all ANY route.
import * as aws from "@pulumi/aws";

const api = new aws.apigatewayv2.Api("images-http", { protocolType: "HTTP" });
const integ = new aws.apigatewayv2.Integration("images-integ", {
    apiId: api.id, integrationType: "HTTP_PROXY", integrationMethod: "ANY", integrationUri: "https://backend.example.com/{proxy}",
});

new aws.apigatewayv2.Route("images-any", {
    apiId: api.id,
    routeKey: "ANY /{proxy+}",
    target: integ.id.apply(id => `integrations/${id}`),
});

export const expected = { risky: ["images-any"], level: "mandatory", risk: 6 };
