// Misconfigured (class 10): provisioned concurrency on a published Lambda version (billed per hour, not free tier).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

const fn = new aws.lambda.Function("warm-fn", { role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }), publish: true });

new aws.lambda.ProvisionedConcurrencyConfig("warm-fn-pc", {
    functionName: fn.name,
    qualifier: fn.version,
    provisionedConcurrentExecutions: 2,
});

export const expected = { risky: ["warm-fn-pc"], level: "advisory", risk: 10 };
