// Misconfigured (class 6): Lambda function URL with authorizationType "NONE" — an unauthenticated public HTTPS endpoint.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("url-fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
const fn = new aws.lambda.Function("url-fn", {
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }),
});

new aws.lambda.FunctionUrl("url-fn-url", { functionName: fn.name, authorizationType: "NONE" });

export const expected = { risky: ["url-fn-url"], level: "mandatory", risk: 6 };
