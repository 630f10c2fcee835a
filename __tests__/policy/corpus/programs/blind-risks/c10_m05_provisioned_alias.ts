// Misconfigured (class 10): provisioned concurrency configured on an alias qualifier (literal function name).
import * as aws from "@pulumi/aws";

new aws.lambda.ProvisionedConcurrencyConfig("api-live-pc", {
    functionName: "image-api",
    qualifier: "live",
    provisionedConcurrentExecutions: 1,
});

export const expected = { risky: ["api-live-pc"], level: "advisory", risk: 10 };
