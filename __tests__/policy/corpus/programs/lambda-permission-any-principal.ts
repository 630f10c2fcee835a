// checkov CKV_AWS_301 / awsguard: Lambda permission for Principal *
import * as aws from "@pulumi/aws";
import { Expectation, fn } from "../support";

const f = fn("api");
new aws.lambda.Permission("invoke", { action: "lambda:InvokeFunction", function: f.name, principal: "*" });

export const expected: Expectation = { policy: "public-endpoint-access", level: "mandatory" };
