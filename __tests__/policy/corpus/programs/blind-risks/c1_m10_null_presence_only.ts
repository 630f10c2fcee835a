// Misconfigured (class 1): topic policy Principal "*" whose only condition is Null aws:PrincipalOrgID=false — it only tests that the caller is in SOME org.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const topic = new aws.sns.Topic("org-broadcast", {});

new aws.sns.TopicPolicy("org-broadcast-policy", {
    arn: topic.arn,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { AWS: ["*"] },
            Action: ["sns:Subscribe", "sns:Publish"],
            Resource: topic.arn,
            Condition: { Null: { "aws:principalorgid": "false" } },
        }],
    }),
});

export const expected = { risky: ["org-broadcast-policy"], level: "mandatory", risk: 1 };
