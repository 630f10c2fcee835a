// Misconfigured (class 7): SSM String parameter with an innocuous name whose value is an AWS access key id + secret (judged by value shape).
import * as aws from "@pulumi/aws";

new aws.ssm.Parameter("ingest-config", {
    name: "/image-app/ingest/settings",
    type: aws.ssm.ParameterType.String,
    value: "AKIAZ7Q3X5RW2N8KLM4P:wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Lk2Vt9a",
});

export const expected = { risky: ["ingest-config"], level: "mandatory", risk: 7 };
