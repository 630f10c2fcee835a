// Misconfigured (class 5): SNS subscription delivering to a Lambda function in another account (eu-west-1).
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("audit-events", {});

new aws.sns.TopicSubscription("audit-events-external-fn", {
    topic: topic.arn,
    protocol: "lambda",
    endpoint: "arn:aws:lambda:eu-west-1:999999999999:function:collector",
});

export const expected = { risky: ["audit-events-external-fn"], level: "mandatory", risk: 5 };
