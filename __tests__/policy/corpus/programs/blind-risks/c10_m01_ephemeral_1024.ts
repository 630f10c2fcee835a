// Misconfigured (class 10): Lambda ephemeral storage of 1024 MB (above the 512 MB included at no cost).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.lambda.Function("big-tmp-fn", {
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }),
    ephemeralStorage: { size: 1024 },
    reservedConcurrentExecutions: 1,
});

export const expected = { risky: ["big-tmp-fn"], level: "advisory", risk: 10 };
