// EC2 instance as a cost advisory
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.Instance("web", { ami: "ami-12345678", instanceType: "t3.micro" });

export const expected: Expectation = { policy: "paid-services-cost", level: "advisory" };
