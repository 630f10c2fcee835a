// S3 access point policy lets anyone read
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucket, Expectation, requiredAlarms } from "../support";

const b = bucket("data");
const ap = new aws.s3.AccessPoint("ap", { bucket: b.id });
new aws.s3control.AccessPointPolicy("ap-policy", {
  accessPointArn: ap.arn,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${ap.arn}/object/*` }],
  }),
});
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
