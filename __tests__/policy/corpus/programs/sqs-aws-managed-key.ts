// SQS queue under alias/aws/sqs
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.sqs.Queue("jobs", { kmsMasterKeyId: "alias/aws/sqs" });

export const expected: Expectation = { policy: "sqs-queue-cmk", level: "mandatory" };
