// checkov: public AMI (launch permission group all)
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.AmiLaunchPermission("public", { imageId: "ami-12345678", group: "all" });

export const expected: Expectation = { policy: "public-endpoint-access", level: "mandatory" };
