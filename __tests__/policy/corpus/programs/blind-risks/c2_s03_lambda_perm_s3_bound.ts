// Legitimate (class 2): lambda.Permission for s3.amazonaws.com bound to this program's bucket ARN and this account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const bucket = new aws.s3.Bucket("upload-bucket", { bucket: "acme-uploads-111111111111" });
const role = new aws.iam.Role("resize-fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
const fn = new aws.lambda.Function("resize-fn", {
    role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 'ok';") }),
});

new aws.lambda.Permission("resize-fn-from-s3", {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "s3.amazonaws.com",
    sourceArn: "arn:aws:s3:::acme-uploads-111111111111",
    sourceAccount: "111111111111",
});

export const expected = { safe: ["resize-fn-from-s3"], risk: 2 };
