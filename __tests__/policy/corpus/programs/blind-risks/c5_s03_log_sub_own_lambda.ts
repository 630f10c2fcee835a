// Legitimate (class 5): log subscription filter to a Lambda in this program; KMS grant to a role in this account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const group = new aws.cloudwatch.LogGroup("svc-logs", { retentionInDays: 30 });
const role = new aws.iam.Role("log-fn-role", {
    name: "log-fn-role",
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
const fn = new aws.lambda.Function("log-fn", {
    name: "log-forwarder",
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 'ok';") }),
});
const perm = new aws.lambda.Permission("log-fn-from-logs", {
    action: "lambda:InvokeFunction", function: fn.name, principal: "logs.amazonaws.com",
    sourceArn: pulumi.interpolate`${group.arn}:*`, sourceAccount: "111111111111",
});

new aws.cloudwatch.LogSubscriptionFilter("svc-logs-to-fn", {
    logGroup: group.name, filterPattern: "ERROR", destinationArn: "arn:aws:lambda:us-east-1:111111111111:function:log-forwarder",
}, { dependsOn: [perm] });

const key = new aws.kms.Key("svc-key", { enableKeyRotation: true });
new aws.kms.Grant("svc-key-grant", { keyId: key.keyId, granteePrincipal: "arn:aws:iam::111111111111:role/log-fn-role", operations: ["Decrypt"] });

export const expected = { safe: ["svc-logs-to-fn", "log-fn-from-logs", "svc-key-grant"], risk: 5 };
