// checkov CKV_AWS_26: SNS topic without encryption
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.sns.Topic("events", {});

export const expected: Expectation = { policy: "sns-topic-cmk", level: "mandatory" };
