// Misconfigured (class 3): inline role policy with action pattern s3:*Object* on every bucket — Get/Put/Delete/PutObjectAcl/... dozens of actions.
import * as aws from "@pulumi/aws";

const role = new aws.iam.Role("worker-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

new aws.iam.RolePolicy("worker-s3", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*Object*", Resource: "arn:aws:s3:::*/*" }],
    }),
});

export const expected = { risky: ["worker-s3"], level: "mandatory", risk: 3 };
