// EventBridge permission for principal * without an organization condition
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

new aws.cloudwatch.EventPermission("everyone", { principal: "*", statementId: "everyone" });

export const expected: Expectation = { policy: "public-endpoint-access", level: "mandatory" };
