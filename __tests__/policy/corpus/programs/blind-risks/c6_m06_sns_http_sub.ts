// Misconfigured (class 6): SNS subscription over protocol "http" (cleartext delivery of notifications).
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("webhooks", {});

new aws.sns.TopicSubscription("webhooks-http", {
    topic: topic.arn,
    protocol: "http",
    endpoint: "http://hooks.example.com/sns",
});

export const expected = { risky: ["webhooks-http"], level: "mandatory", risk: 6 };
