// Misconfigured (class 5): EBS snapshot shares created in a loop; the second target is a foreign account (999999999999).
import * as aws from "@pulumi/aws";

const targets = ["111111111111", "999999999999"];
targets.forEach((t, i) => {
    new aws.ec2.SnapshotCreateVolumePermission(`backup-snap-share-${i}`, { snapshotId: "snap-0123456789abcdef0", accountId: t });
});

export const expected = { risky: ["backup-snap-share-1"], level: "mandatory", risk: 5 };
