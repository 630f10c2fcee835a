// Legitimate (class 2): lambda.Permission for events.amazonaws.com bound to the specific rule ARN created here.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const rule = new aws.cloudwatch.EventRule("hourly", { name: "hourly", scheduleExpression: "rate(1 hour)" });
const role = new aws.iam.Role("hourly-fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
const fn = new aws.lambda.Function("hourly-fn", {
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 'ok';") }),
});

new aws.lambda.Permission("hourly-fn-from-events", {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "events.amazonaws.com",
    sourceArn: "arn:aws:events:us-east-1:111111111111:rule/hourly",
});
new aws.cloudwatch.EventTarget("hourly-target", { rule: rule.name, arn: fn.arn });

export const expected = { safe: ["hourly-fn-from-events", "hourly-target"], risk: 2 };
