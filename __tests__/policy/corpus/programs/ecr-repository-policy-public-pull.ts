// checkov CKV_AWS_32: ECR repository policy lets anyone pull
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const r = new aws.ecr.Repository("images", { imageTagMutability: "IMMUTABLE" });
new aws.ecr.RepositoryPolicy("images-policy", {
  repository: r.name,
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Pull", Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }] }),
});

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
