// Lambda permission InvokeFunctionUrl for anyone with FunctionUrlAuthType NONE
import * as aws from "@pulumi/aws";
import { ACCOUNT, Expectation, fn } from "../support";

const f = fn("api");
new aws.lambda.Permission("url-invoke", { action: "lambda:InvokeFunctionUrl", function: f.name, principal: "*", functionUrlAuthType: "NONE", sourceAccount: ACCOUNT });

export const expected: Expectation = { policy: "public-endpoint-access", level: "mandatory" };
