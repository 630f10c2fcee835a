// Rotation period beyond the security policy's yearly rotation
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.kms.Key("data-key", { enableKeyRotation: true, rotationPeriodInDays: 2000, deletionWindowInDays: 30 });

export const expected: Expectation = { policy: "kms-key-rotation-and-deletion-window", level: "mandatory" };
