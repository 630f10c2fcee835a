/**
 * The restore drill of docs/runbook.md ("Restoring the records table or uploads"), step for step
 * against the stack deployed to moto: the records table restored to a new table and switched over
 * by copying the verified items back into the stack's table, and uploads recovered from their
 * versions (an overwrite undone by copying the previous version over it, a delete undone by
 * removing its delete marker).
 *
 * What moto (5.2.5) does and does not prove here:
 * - RestoreTableToPointInTime is implemented, but copies the source table as it is at the call:
 *   RestoreDateTime / UseLatestRestorableTime and SSESpecificationOverride are accepted and
 *   ignored. So the drill restores before the "incident" and proves the calls, the new table, the
 *   verification and the switch-over; it cannot prove that AWS picks the right second.
 * - DescribeContinuousBackups, UpdateContinuousBackups, ListObjectVersions, CopyObject from a
 *   versionId and DeleteObject of a delete marker behave as AWS documents them.
 * - The harness creates the table and bucket without the program's PITR and versioning settings
 *   (the stack tests prove the program declares both); the drill turns them on as the program does.
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  PutItemCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { deployToMoto, type Deployment } from "./support/deploy";

jest.setTimeout(120_000);

let d: Deployment;
beforeAll(async () => {
  d = await deployToMoto();
}, 300_000);
afterAll(async () => {
  await d?.teardown();
});

type Item = Record<string, AttributeValue>;
const sorted = (items: Item[]) => items.map((i) => JSON.stringify(Object.fromEntries(Object.entries(i).sort()))).sort();

async function scanAll(table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await d.admin.dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe("records table: point-in-time restore to a new table, then switch over", () => {
  it("restores, verifies, copies the good items back into the stack's table and drops the copy", async () => {
    const { hashKey, rangeKey } = d.program.description.table;
    const table = d.moto.tableName;
    const record = (n: number, status: string): Item => ({
      [hashKey]: { S: `uploads/restore/${n}.jpg` },
      ...(rangeKey ? { [rangeKey]: { S: "v1" } } : {}),
      status: { S: status },
    });
    const db = d.admin.dynamodb;
    await db.send(new UpdateContinuousBackupsCommand({ TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    for (const n of [1, 2, 3]) await db.send(new PutItemCommand({ TableName: table, Item: record(n, "processed") }));
    const good = await scanAll(table);

    // 1. PITR is on, and the window the restore can pick from.
    const backups = await db.send(new DescribeContinuousBackupsCommand({ TableName: table }));
    expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe("ENABLED");

    // 2. Restore to a new table (never over the live one), under the stack's key.
    const target = `${table}-restored`;
    const restored = await db.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: table,
        TargetTableName: target,
        UseLatestRestorableTime: true,
        SSESpecificationOverride: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: d.moto.keyArn },
      }),
    );
    expect(restored.TableDescription?.TableName).toBe(target);
    expect((await db.send(new DescribeTableCommand({ TableName: target }))).Table?.TableStatus).toBe("ACTIVE");

    // The incident the restore undoes: a record deleted, another overwritten.
    const { status: _status, ...firstKey } = record(1, "");
    await db.send(new DeleteItemCommand({ TableName: table, Key: firstKey }));
    await db.send(new PutItemCommand({ TableName: table, Item: record(2, "corrupted") }));
    expect(sorted(await scanAll(table))).not.toEqual(sorted(good));

    // 3. Verify the copy before touching the live table.
    const copy = await scanAll(target);
    expect(sorted(copy)).toEqual(sorted(good));

    // 4. Switch over: write the verified items back (25 per BatchWriteItem), so the stack's table,
    // its ARN, grants, alarms and PITR stay as they are.
    for (let i = 0; i < copy.length; i += 25) {
      const { UnprocessedItems } = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: copy.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      expect(UnprocessedItems ?? {}).toEqual({});
    }
    expect(sorted(await scanAll(table))).toEqual(sorted(good));

    // 5. Drop the copy once the switch-over is verified (it costs storage and holds the data).
    await db.send(new DeleteTableCommand({ TableName: target }));
    await expect(db.send(new DescribeTableCommand({ TableName: target }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("uploads: recovery from object versions", () => {
  it("undoes an overwrite by copying the previous version over it, and a delete by removing its delete marker", async () => {
    const s3 = d.admin.s3;
    const Bucket = d.moto.bucketName;
    const sse = { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: d.moto.keyArn };
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const overwritten = "uploads/restore/over written.jpg";
    const deleted = "uploads/restore/deleted.jpg";
    await s3.send(new PutObjectCommand({ Bucket, Key: overwritten, Body: "original", ...sse }));
    await s3.send(new PutObjectCommand({ Bucket, Key: deleted, Body: "kept", ...sse }));
    await s3.send(new PutObjectCommand({ Bucket, Key: overwritten, Body: "bad overwrite", ...sse }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: deleted }));
    const body = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();

    // 1. Find the versions: the one before the overwrite, and the delete marker on top.
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: "uploads/restore/" }));
    const versionsOf = (key: string) => (listed.Versions ?? []).filter((v) => v.Key === key);
    const previous = versionsOf(overwritten).find((v) => !v.IsLatest);
    expect(versionsOf(overwritten)).toHaveLength(2);
    const marker = (listed.DeleteMarkers ?? []).find((m) => m.Key === deleted && m.IsLatest);
    expect(marker?.VersionId).toBeDefined();
    await expect(body(deleted)).rejects.toMatchObject({ name: "NoSuchKey" });

    // 2. Overwrite: copy the previous version over the key (a new current version, under the stack's key).
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket, Key: overwritten, CopySource: `${Bucket}/${encodeURIComponent(overwritten)}?versionId=${previous?.VersionId}`, ...sse }),
    );
    expect(copy.CopySourceVersionId).toBe(previous?.VersionId);
    expect(await body(overwritten)).toBe("original");

    // 3. Delete: remove the delete marker; the last version is current again.
    await s3.send(new DeleteObjectCommand({ Bucket, Key: deleted, VersionId: marker?.VersionId }));
    expect(await body(deleted)).toBe("kept");

    // Nothing was lost on the way: the bad version stays, noncurrent, for the investigation.
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: overwritten }));
    expect((after.Versions ?? []).map((v) => v.IsLatest)).toEqual([true, false, false]);
    expect(after.DeleteMarkers ?? []).toEqual([]);
  });
});
