// Misconfigured (class 2): aws.lambda.Permission for sns.amazonaws.com with no sourceArn — any account's topic can invoke the function.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("notify-fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
const fn = new aws.lambda.Function("notify-fn", {
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 'ok';") }),
});

new aws.lambda.Permission("notify-fn-from-sns", {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "sns.amazonaws.com",
});

export const expected = { risky: ["notify-fn-from-sns"], level: "mandatory", risk: 2 };
