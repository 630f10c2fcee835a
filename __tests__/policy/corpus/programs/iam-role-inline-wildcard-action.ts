// checkov CKV_AWS_290 / cdk-nag AwsSolutions-IAM5: service-wide wildcard action in an inline role policy
import { Expectation, lambdaRole } from "../support";

lambdaRole("worker", [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::uploads/*" }]);

export const expected: Expectation = { policy: "iam-no-wildcard-actions", level: "mandatory" };
