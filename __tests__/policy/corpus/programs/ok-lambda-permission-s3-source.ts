// S3 notifications invoke a function, restricted by sourceArn and sourceAccount
import * as aws from "@pulumi/aws";
import { ACCOUNT, bucket, Expectation, fn, requiredAlarms } from "../support";

const b = bucket("uploads");
const f = fn("thumbnail");
new aws.lambda.Permission("s3-invoke", { action: "lambda:InvokeFunction", function: f.name, principal: "s3.amazonaws.com", sourceArn: b.arn, sourceAccount: ACCOUNT });
requiredAlarms();

export const expected: Expectation = { clean: "public-endpoint-access" };
