// Resource arn:aws:s3:::*/* (every object of every bucket) is a wildcard, though not exactly *
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.iam.Policy("reader", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" }] }) });

export const expected: Expectation = { policy: "iam-no-wildcard-resources", level: "mandatory" };
