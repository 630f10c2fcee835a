// Public statement written with aws.iam.getPolicyDocumentOutput
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation } from "../support";

const b = new aws.s3.Bucket("data", {});
const document = aws.iam.getPolicyDocumentOutput({
  statements: [{ sid: "Public", actions: ["s3:GetObject"], resources: [pulumi.interpolate`${b.arn}/*`], principals: [{ type: "*", identifiers: ["*"] }] }],
});
new aws.s3.BucketPolicy("data-policy", { bucket: b.id, policy: document.json });

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
