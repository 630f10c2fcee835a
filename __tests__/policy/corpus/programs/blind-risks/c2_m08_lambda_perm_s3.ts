// Misconfigured (class 2): aws.lambda.Permission for s3.amazonaws.com with neither sourceArn nor sourceAccount (bucket names are global — classic confused deputy).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("thumb-fn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});
const fn = new aws.lambda.Function("thumb-fn", {
    role: role.arn, runtime: "python3.11", handler: "main.handler",
    code: new pulumi.asset.AssetArchive({ "main.py": new pulumi.asset.StringAsset("def handler(e, c):\n    return 1\n") }),
});

new aws.lambda.Permission("thumb-fn-from-s3", {
    action: "lambda:InvokeFunction",
    function: fn.arn,
    principal: "s3.amazonaws.com",
    statementId: "AllowS3",
});

export const expected = { risky: ["thumb-fn-from-s3"], level: "mandatory", risk: 2 };
