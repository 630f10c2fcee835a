// Legitimate (class 1): bucket policy Principal "*" but StringEquals aws:PrincipalOrgID equal to one organization — only that org's principals.
import * as aws from "@pulumi/aws";

const bucket = new aws.s3.Bucket("org-shared-bucket", {});

new aws.s3.BucketPolicy("org-shared-bucket-policy", {
    bucket: bucket.id,
    policy: bucket.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${arn}/shared/*`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        }],
    })),
});

export const expected = { safe: ["org-shared-bucket-policy"], risk: 1 };
