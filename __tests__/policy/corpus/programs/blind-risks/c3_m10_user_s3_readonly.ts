// Misconfigured (class 3): UserPolicyAttachment of AmazonS3ReadOnlyAccess — reads every bucket in the account, not just the app bucket.
import * as aws from "@pulumi/aws";

const user = new aws.iam.User("report-reader", {});

new aws.iam.UserPolicyAttachment("report-reader-s3", {
    user: user.name,
    policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
});

export const expected = { risky: ["report-reader-s3"], level: "mandatory", risk: 3 };
