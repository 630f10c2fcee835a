// Interface VPC endpoint as a cost advisory
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.VpcEndpoint("sts", { vpcId: "vpc-12345678", serviceName: "com.amazonaws.us-east-1.sts", vpcEndpointType: "Interface" });

export const expected: Expectation = { policy: "paid-services-cost", level: "advisory" };
