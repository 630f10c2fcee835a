// Legitimate (class 2): queue policy for sns.amazonaws.com bound by ArnEquals aws:SourceArn to the (named) topic created in this program, written as its literal same-account ARN.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const topic = new aws.sns.Topic("orders-topic", { name: "orders-topic" });
const queue = new aws.sqs.Queue("orders-queue", {});

new aws.sqs.QueuePolicy("orders-queue-policy", {
    queueUrl: queue.url,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queue.arn,
            Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:111111111111:orders-topic" } },
        }],
    }),
});

new aws.sns.TopicSubscription("orders-sub", { topic: topic.arn, protocol: "sqs", endpoint: queue.arn });

export const expected = { safe: ["orders-queue-policy", "orders-sub"], risk: 2 };
