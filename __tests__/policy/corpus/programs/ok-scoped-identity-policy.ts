// Least-privilege role: object prefix of one bucket, one table, one topic, one key
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, lambdaRole, requiredAlarms } from "../support";

const b = bucket("uploads");
const role = lambdaRole("worker", []);
new aws.iam.RolePolicy("worker-policy", {
  role: role.name,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${b.arn}/uploads/*` },
      { Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/records" },
      { Effect: "Allow", Action: ["dynamodb:Query"], Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/records/index/*" },
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/worker:*" },
    ],
  }),
});
requiredAlarms();

export const expected: Expectation = { clean: "iam-no-wildcard-resources" };
