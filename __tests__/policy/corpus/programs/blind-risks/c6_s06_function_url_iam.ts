// Legitimate (class 6): Lambda function URL with authorizationType "AWS_IAM".
import * as aws from "@pulumi/aws";

new aws.lambda.FunctionUrl("report-fn-url", { functionName: "report-generator", authorizationType: "AWS_IAM" });

export const expected = { safe: ["report-fn-url"], risk: 6 };
