// Legitimate (class 5): SNS subscriptions to an SQS queue ARN in this account (literal) and to a Lambda in this account via getCallerIdentityOutput.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const me = aws.getCallerIdentityOutput();
const topic = new aws.sns.Topic("thumbnails-done", {});

new aws.sns.TopicSubscription("thumbnails-done-queue", {
    topic: topic.arn, protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:111111111111:thumbnails-done",
});
new aws.sns.TopicSubscription("thumbnails-done-fn", {
    topic: topic.arn, protocol: "lambda", endpoint: pulumi.interpolate`arn:aws:lambda:us-east-1:${me.accountId}:function:indexer`,
});

export const expected = { safe: ["thumbnails-done-queue", "thumbnails-done-fn"], risk: 5 };
