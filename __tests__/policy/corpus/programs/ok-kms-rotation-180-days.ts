// Rotation every 180 days (more often than yearly)
import * as aws from "@pulumi/aws";
import { Expectation, requiredAlarms } from "../support";

new aws.kms.Key("data-key", { enableKeyRotation: true, rotationPeriodInDays: 180, deletionWindowInDays: 30 });
requiredAlarms();

export const expected: Expectation = { clean: "kms-key-rotation-and-deletion-window" };
