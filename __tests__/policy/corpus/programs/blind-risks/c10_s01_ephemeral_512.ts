// Legitimate (class 10): Lambda with ephemeral storage explicitly 512 MB and reserved (not provisioned) concurrency of 1.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.lambda.Function("small-fn", {
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }),
    ephemeralStorage: { size: 512 },
    reservedConcurrentExecutions: 1,
    memorySize: 256,
});

export const expected = { safe: ["small-fn"], risk: 10 };
