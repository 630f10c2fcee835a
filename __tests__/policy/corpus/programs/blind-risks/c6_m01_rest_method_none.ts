// Misconfigured (class 6): API Gateway REST method POST with authorization "NONE" and no API key — a public write endpoint.
import * as aws from "@pulumi/aws";

const api = new aws.apigateway.RestApi("upload-api", {});
const res = new aws.apigateway.Resource("upload-resource", { restApi: api.id, parentId: api.rootResourceId, pathPart: "upload" });

new aws.apigateway.Method("upload-post", {
    restApi: api.id,
    resourceId: res.id,
    httpMethod: "POST",
    authorization: "NONE",
});

export const expected = { risky: ["upload-post"], level: "mandatory", risk: 6 };
