// Legitimate (class 6): HTTP API route protected by a JWT authorizer (Cognito issuer).
import * as aws from "@pulumi/aws";

const api = new aws.apigatewayv2.Api("secure-http", { protocolType: "HTTP" });
const auth = new aws.apigatewayv2.Authorizer("secure-jwt", {
    apiId: api.id,
    authorizerType: "JWT",
    identitySources: ["$request.header.Authorization"],
    jwtConfiguration: { audiences: ["app-client-id"], issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI" },
});
const integ = new aws.apigatewayv2.Integration("secure-integ", {
    apiId: api.id, integrationType: "HTTP_PROXY", integrationMethod: "GET", integrationUri: "https://backend.example.com/items",
});

new aws.apigatewayv2.Route("secure-items", {
    apiId: api.id,
    routeKey: "GET /items",
    authorizationType: "JWT",
    authorizerId: auth.id,
    target: integ.id.apply(id => `integrations/${id}`),
});

export const expected = { safe: ["secure-items"], risk: 6 };
