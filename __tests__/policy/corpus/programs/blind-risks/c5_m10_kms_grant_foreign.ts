// Misconfigured (class 5): KMS grant letting account 999999999999's root decrypt with the data key.
import * as aws from "@pulumi/aws";

const key = new aws.kms.Key("data-key", { enableKeyRotation: true });

new aws.kms.Grant("data-key-partner-grant", {
    keyId: key.keyId,
    granteePrincipal: "arn:aws:iam::999999999999:root",
    operations: ["Decrypt", "DescribeKey"],
});

export const expected = { risky: ["data-key-partner-grant"], level: "mandatory", risk: 5 };
