// Legitimate (class 2): key policy for cloudtrail.amazonaws.com bound by StringLike aws:SourceArn to trails of THIS account (region wildcard only) and the encryption context.
import * as aws from "@pulumi/aws";

new aws.kms.Key("trail-key", {
    enableKeyRotation: true,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CloudTrailEncrypt", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*", Resource: "*",
                Condition: {
                    StringLike: {
                        "aws:SourceArn": "arn:aws:cloudtrail:*:111111111111:trail/*",
                        "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*",
                    },
                },
            },
        ],
    }),
});

export const expected = { safe: ["trail-key"], risk: 2 };
