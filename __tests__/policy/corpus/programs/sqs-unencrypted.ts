// checkov CKV_AWS_27: SQS queue with SSE turned off
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.sqs.Queue("jobs", { sqsManagedSseEnabled: false });

export const expected: Expectation = { policy: "sqs-queue-cmk", level: "mandatory" };
