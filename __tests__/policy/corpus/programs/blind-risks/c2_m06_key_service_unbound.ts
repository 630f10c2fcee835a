// Misconfigured (class 2): key policy lets events.amazonaws.com and sns.amazonaws.com use the key with no aws:SourceArn/aws:SourceAccount.
import * as aws from "@pulumi/aws";

new aws.kms.Key("events-key", {
    enableKeyRotation: true,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
            {
                Sid: "Services", Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sns.amazonaws.com"] },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*",
            },
        ],
    }),
});

export const expected = { risky: ["events-key"], level: "mandatory", risk: 2 };
