// Misconfigured (class 7): Step Functions definition passes a hard-coded API token in an HTTP task's headers.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("sfn-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.sfn.StateMachine("notify-flow", {
    roleArn: role.arn,
    definition: JSON.stringify({
        StartAt: "Call",
        States: {
            Call: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: {
                    FunctionName: "arn:aws:lambda:us-east-1:111111111111:function:notifier",
                    Payload: { apiToken: "sk_live_51Hx9QeK2v8ZpR3mT7wYbN4cLdF6gJ0aUsV1iO5eX", channel: "#ops" },
                },
                End: true,
            },
        },
    }),
});

export const expected = { risky: ["notify-flow"], level: "mandatory", risk: 7 };
