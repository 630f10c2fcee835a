// Legitimate (class 7): the password lives in an SSM SecureString encrypted with a customer key.
import * as aws from "@pulumi/aws";

const key = new aws.kms.Key("params-key", { enableKeyRotation: true });

new aws.ssm.Parameter("db-password-secure", {
    name: "/image-app/db/password",
    type: "SecureString",
    keyId: key.arn,
    value: "Tr0ub4dor&3-horse-Battery",
});

export const expected = { safe: ["db-password-secure"], risk: 7 };
