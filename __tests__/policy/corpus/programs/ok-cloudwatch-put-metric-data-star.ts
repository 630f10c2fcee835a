// cloudwatch:PutMetricData takes no resource (its single resource type is optional): * is the only match
import { Expectation, lambdaRole } from "../support";

lambdaRole("metrics", [{ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "ImagePipeline" } } }]);

export const expected: Expectation = { clean: "iam-no-wildcard-resources" };
