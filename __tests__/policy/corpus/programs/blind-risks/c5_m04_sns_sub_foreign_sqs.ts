// Misconfigured (class 5): SNS subscription delivering this account's topic to an SQS queue in account 999999999999.
import * as aws from "@pulumi/aws";

const topic = new aws.sns.Topic("image-results", {});

new aws.sns.TopicSubscription("image-results-partner", {
    topic: topic.arn,
    protocol: "sqs",
    endpoint: "arn:aws:sqs:us-east-1:999999999999:partner-intake",
    rawMessageDelivery: true,
});

export const expected = { risky: ["image-results-partner"], level: "mandatory", risk: 5 };
