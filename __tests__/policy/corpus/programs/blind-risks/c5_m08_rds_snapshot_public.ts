// Misconfigured (class 5): RDS DB snapshot shared with "all" (public) and a cluster snapshot shared with a foreign account.
import * as aws from "@pulumi/aws";

new aws.rds.Snapshot("orders-db-snap", {
    dbInstanceIdentifier: "orders-db",
    dbSnapshotIdentifier: "orders-db-snap-1",
    sharedAccounts: ["all"],
});
new aws.rds.ClusterSnapshot("orders-cluster-snap", {
    dbClusterIdentifier: "orders-cluster",
    dbClusterSnapshotIdentifier: "orders-cluster-snap-1",
    sharedAccounts: ["999999999999"],
});

export const expected = { risky: ["orders-db-snap", "orders-cluster-snap"], level: "mandatory", risk: 5 };
