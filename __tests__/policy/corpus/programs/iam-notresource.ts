// NotResource in an Allow grants every other resource
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.GroupPolicy("devs", {
  group: "devs",
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }] }),
});

export const expected: Expectation = { policy: "iam-no-wildcard-resources", level: "mandatory" };
