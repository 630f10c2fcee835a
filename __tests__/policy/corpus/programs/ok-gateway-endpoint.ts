// S3 gateway VPC endpoint (free) with a Principal * endpoint policy
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.VpcEndpoint("s3", {
  vpcId: "vpc-12345678",
  serviceName: "com.amazonaws.us-east-1.s3",
  vpcEndpointType: "Gateway",
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::uploads/*" }] }),
});

export const expected: Expectation = { clean: "paid-services-cost" };
