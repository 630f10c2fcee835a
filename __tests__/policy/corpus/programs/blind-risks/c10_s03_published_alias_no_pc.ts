// Legitimate (class 10): published version + alias without any provisioned concurrency; default ephemeral storage.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

const fn = new aws.lambda.Function("versioned-fn", { role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }), publish: true, reservedConcurrentExecutions: 1 });
new aws.lambda.Alias("versioned-fn-live", { functionName: fn.name, functionVersion: fn.version, name: "live" });

export const expected = { safe: ["versioned-fn", "versioned-fn-live"], risk: 10 };
