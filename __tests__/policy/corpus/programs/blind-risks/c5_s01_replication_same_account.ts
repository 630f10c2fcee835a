// Legitimate (class 5): S3 replication to a bucket created in the same program/account (DR copy), owner override to this account.
import * as aws from "@pulumi/aws";

const source = new aws.s3.Bucket("app-data", {});
const dest = new aws.s3.Bucket("app-data-dr", {});
const v1 = new aws.s3.BucketVersioning("app-data-versioning", { bucket: source.id, versioningConfiguration: { status: "Enabled" } });
new aws.s3.BucketVersioning("app-data-dr-versioning", { bucket: dest.id, versioningConfiguration: { status: "Enabled" } });
const role = new aws.iam.Role("dr-replication-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.s3.BucketReplicationConfig("app-data-replication", {
    bucket: source.id,
    role: role.arn,
    rules: [{
        id: "dr",
        status: "Enabled",
        filter: { prefix: "processed/" },
        deleteMarkerReplication: { status: "Enabled" },
        destination: { bucket: dest.arn, account: "111111111111", storageClass: "STANDARD_IA" },
    }],
}, { dependsOn: [v1] });

export const expected = { safe: ["app-data-replication"], risk: 5 };
