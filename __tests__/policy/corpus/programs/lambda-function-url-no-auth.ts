// cdk-nag AwsSolutions-L1-like / checkov CKV_AWS_258: function URL with authType NONE
import * as aws from "@pulumi/aws";
import { Expectation, fn } from "../support";

const f = fn("api");
new aws.lambda.FunctionUrl("url", { functionName: f.name, authorizationType: "NONE" });

export const expected: Expectation = { policy: "public-endpoint-access", level: "mandatory" };
