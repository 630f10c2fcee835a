// Misconfigured (class 3): managed policy with iam:*Policy* on "*" (covers Put/Attach/CreatePolicyVersion... on every principal).
import * as aws from "@pulumi/aws";

new aws.iam.Policy("policy-admin", {
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["iam:Get*", "iam:*Policy*"], Resource: "*" }],
    }),
});

export const expected = { risky: ["policy-admin"], level: "mandatory", risk: 3 };
