// CIS AWS 3.6 / checkov CKV_AWS_7: KMS key rotation off
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.kms.Key("data-key", { enableKeyRotation: false, deletionWindowInDays: 30 });

export const expected: Expectation = { policy: "kms-key-rotation-and-deletion-window", level: "mandatory" };
