// SQS queue under a customer-managed key
import * as aws from "@pulumi/aws";
import { Expectation, key, requiredAlarms } from "../support";

new aws.sqs.Queue("jobs", { kmsMasterKeyId: key("jobs-key").arn, kmsDataKeyReusePeriodSeconds: 300 });
requiredAlarms();

export const expected: Expectation = { clean: "sqs-queue-cmk" };
