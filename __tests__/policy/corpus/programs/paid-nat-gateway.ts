// NAT gateway as a cost advisory
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.ec2.NatGateway("nat", { subnetId: "subnet-12345678", allocationId: "eipalloc-12345678" });

export const expected: Expectation = { policy: "paid-services-cost", level: "advisory" };
