// Misconfigured (class 10): Lambda ephemeral storage at the 10240 MB maximum, size given through an Output.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.lambda.Function("video-fn", {
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }),
    memorySize: 128,
    ephemeralStorage: pulumi.output({ size: 10240 }),
});

export const expected = { risky: ["video-fn"], level: "advisory", risk: 10 };
