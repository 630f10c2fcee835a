// CIS AWS 2.1.5 / checkov CKV_AWS_20: bucket ACL public-read
import * as aws from "@pulumi/aws";
import { bucket, Expectation, requiredAlarms } from "../support";

const b = bucket("site");
new aws.s3.BucketAcl("site-acl", { bucket: b.id, acl: "public-read" });
requiredAlarms();

export const expected: Expectation = { policy: "s3-no-public-acl-ownership-enforced", level: "mandatory" };
