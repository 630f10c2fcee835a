// Misconfigured (class 5): EBS snapshot of a data volume shared via aws.ec2.SnapshotCreateVolumePermission (create-volume permission) with account 999999999999.
import * as aws from "@pulumi/aws";

const vol = new aws.ebs.Volume("data-vol", { availabilityZone: "us-east-1a", size: 8, encrypted: true });
const snap = new aws.ebs.Snapshot("data-snap", { volumeId: vol.id });

new aws.ec2.SnapshotCreateVolumePermission("data-snap-share", { snapshotId: snap.id, accountId: "999999999999" });

export const expected = { risky: ["data-snap-share"], level: "mandatory", risk: 5 };
