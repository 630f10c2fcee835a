// Misconfigured (class 7): EC2 user data exporting an AWS access key id and secret access key in plain text.
import * as aws from "@pulumi/aws";

new aws.ec2.Instance("batch-host", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    userData: `#!/bin/bash
export AWS_ACCESS_KEY_ID=AKIAQ4N7T2ZKX9P3LW6M
export AWS_SECRET_ACCESS_KEY=Zx8c/Vb7Nm6Lk5Jh4Gf3Ds2Aq1Wr0Ty9Ui8OpLkJ
aws s3 sync s3://acme-images-111111111111/uploads /data
`,
});

export const expected = { risky: ["batch-host"], level: "mandatory", risk: 7 };
