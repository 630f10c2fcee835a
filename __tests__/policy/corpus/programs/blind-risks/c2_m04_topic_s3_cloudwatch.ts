// Misconfigured (class 2): topic policy lets s3.amazonaws.com and cloudwatch.amazonaws.com publish, unbound to any source bucket/alarm or account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const topic = new aws.sns.Topic("ops-notify", {});

new aws.sns.TopicPolicy("ops-notify-policy", {
    arn: topic.arn,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: ["s3.amazonaws.com", "cloudwatch.amazonaws.com"] },
            Action: "SNS:Publish",
            Resource: topic.arn,
        }],
    }),
});

export const expected = { risky: ["ops-notify-policy"], level: "mandatory", risk: 2 };
