// Misconfigured (class 4): a long-lived IAM user access key (aws.iam.AccessKey).
import * as aws from "@pulumi/aws";

const user = new aws.iam.User("ci-bot", {});
new aws.iam.AccessKey("ci-bot-key", { user: user.name });

export const expected = { risky: ["ci-bot-key"], level: "advisory", risk: 4 };
