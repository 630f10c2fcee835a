// Misconfigured (class 2): aws.lambda.Permission for events.amazonaws.com (function given by name string) with no sourceArn.
import * as aws from "@pulumi/aws";

new aws.lambda.Permission("cron-fn-from-events", {
    action: "lambda:InvokeFunction",
    function: "nightly-cleanup",
    principal: "events.amazonaws.com",
});

export const expected = { risky: ["cron-fn-from-events"], level: "mandatory", risk: 2 };
