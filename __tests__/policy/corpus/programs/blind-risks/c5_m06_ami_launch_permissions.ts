// Misconfigured (class 5): AMI launch permissions shared with a foreign account and with group "all" (public AMI).
import * as aws from "@pulumi/aws";

new aws.ec2.AmiLaunchPermission("golden-ami-partner", { imageId: "ami-0123456789abcdef0", accountId: "999999999999" });
new aws.ec2.AmiLaunchPermission("golden-ami-public", { imageId: "ami-0123456789abcdef0", group: "all" });

export const expected = { risky: ["golden-ami-partner", "golden-ami-public"], level: "mandatory", risk: 5 };
