// Misconfigured (class 1): queue policy Principal "*" with StringLike aws:PrincipalOrgID "o-*" — every AWS Organization on earth matches.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const queue = new aws.sqs.Queue("org-jobs", {});

new aws.sqs.QueuePolicy("org-jobs-policy", {
    queueUrl: queue.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: "*",
            Action: "sqs:*",
            Resource: queue.arn,
            Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } },
        }],
    }),
});

export const expected = { risky: ["org-jobs-policy"], level: "mandatory", risk: 1 };
