// Legitimate (class 7): EC2 user data that fetches the secret at boot from Secrets Manager (mentions SECRET/PASSWORD but holds none); state machine referencing a secret ARN.
import * as aws from "@pulumi/aws";

new aws.ec2.Instance("worker-host", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    iamInstanceProfile: "worker-profile",
    userData: `#!/bin/bash
DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db-credentials --query SecretString --output text)
export DB_PASSWORD
export TOKEN_ISSUER=https://issuer.example.com
`,
});

new aws.sfn.StateMachine("rotate-flow", {
    roleArn: "arn:aws:iam::111111111111:role/sfn-rotate",
    definition: JSON.stringify({
        StartAt: "Rotate",
        States: {
            Rotate: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:secretsmanager:rotateSecret",
                Parameters: { SecretId: "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-credentials-AbCdEf" },
                End: true,
            },
        },
    }),
});

export const expected = { safe: ["worker-host", "rotate-flow"], risk: 7 };
