// Misconfigured (class 5): S3 replication rule copying every object to a bucket owned by account 999999999999.
import * as aws from "@pulumi/aws";

const source = new aws.s3.Bucket("primary-data", {});
const versioning = new aws.s3.BucketVersioning("primary-data-versioning", { bucket: source.id, versioningConfiguration: { status: "Enabled" } });
const role = new aws.iam.Role("replication-role", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
});

new aws.s3.BucketReplicationConfig("primary-data-replication", {
    bucket: source.id,
    role: role.arn,
    rules: [{
        id: "offsite",
        status: "Enabled",
        filter: {},
        deleteMarkerReplication: { status: "Disabled" },
        destination: {
            bucket: "arn:aws:s3:::partner-archive-bucket",
            account: "999999999999",
            accessControlTranslation: { owner: "Destination" },
        },
    }],
}, { dependsOn: [versioning] });

export const expected = { risky: ["primary-data-replication"], level: "mandatory", risk: 5 };
