// Misconfigured (class 2): topic policy statement for events.amazonaws.com with only a Bool SecureTransport condition — no source binding.
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("rule-targets", {});

new aws.sns.TopicPolicy("rule-targets-policy", {
    arn: topic.arn,
    policy: topic.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: arn,
            Condition: { Bool: { "aws:SecureTransport": "true" } },
        }],
    })),
});

export const expected = { risky: ["rule-targets-policy"], level: "mandatory", risk: 2 };
