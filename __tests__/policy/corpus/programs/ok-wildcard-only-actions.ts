// Actions AWS grants only on * (xray:PutTraceSegments, ec2:DescribeNetworkInterfaces, ecr:GetAuthorizationToken)
import { Expectation, lambdaRole } from "../support";

lambdaRole("worker", [
  { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "ec2:DescribeNetworkInterfaces", "ecr:GetAuthorizationToken"], Resource: "*" },
]);

export const expected: Expectation = { clean: "iam-no-wildcard-resources" };
