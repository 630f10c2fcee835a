// Function URL with AWS_IAM auth
import * as aws from "@pulumi/aws";
import { Expectation, fn, requiredAlarms } from "../support";

const f = fn("api");
new aws.lambda.FunctionUrl("url", { functionName: f.name, authorizationType: "AWS_IAM" });
requiredAlarms();

export const expected: Expectation = { clean: "public-endpoint-access" };
