// Misconfigured (class 7): launch template user data (base64, as the API requires) embedding a PEM private key in a heredoc.
import * as aws from "@pulumi/aws";

const script = `#!/bin/bash
cat > /etc/app/tls.key <<'KEY'
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL
-----END RSA PRIVATE KEY-----
KEY
systemctl restart app
`;

new aws.ec2.LaunchTemplate("app-lt", {
    imageId: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    userData: Buffer.from(script).toString("base64"),
});

export const expected = { risky: ["app-lt"], level: "mandatory", risk: 7 };
