/**
 * The packaged Lambda (the CallbackFunction's archive, run outside the project) answering S3
 * Batch Operations invocations (schema 2.0, the shape the S3 user guide documents) against moto:
 * an upload processed by its S3 event is a no-op for the job; an existing upload that was never
 * processed gets its variants; a key outside uploads/ is refused. Batch Operations itself is not
 * emulated (moto has no S3 Control jobs): the tests deliver the invocations the job would send.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { deployToMoto, type Deployment } from "./support/deploy";
import { jpegWithExif } from "./support/images";
import { listKeys, newNotifications, recordsFor, upload } from "./support/observe";
import { drainQueue } from "./support/queues";

jest.setTimeout(120_000);

let d: Deployment;
beforeAll(async () => {
  d = await deployToMoto();
}, 300_000);
afterAll(async () => {
  await d?.teardown();
});

function batchEvent(s3Key: string) {
  return {
    invocationSchemaVersion: "2.0",
    invocationId: "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
    job: { id: "f3cc4f60-61f6-4a2b-8a21-d07600c373ce", userArguments: { command: "reprocess", prefix: "uploads/" } },
    tasks: [{ taskId: "dGFza2lkZ29lc2hlcmUK", s3Key, s3VersionId: null, s3Bucket: d.moto.bucketName }],
  };
}

const result = (resultCode: string, resultString: string) => ({
  invocationSchemaVersion: "2.0",
  treatMissingKeysAs: "PermanentFailure",
  invocationId: "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
  results: [{ taskId: "dGFza2lkZ29lc2hlcmUK", resultCode, resultString }],
});

it("an upload already processed by its event is unchanged: no writes, no message", async () => {
  const key = "uploads/job/seen.jpg";
  const [event] = await upload(d, [{ key, body: await jpegWithExif(600, 400), contentType: "image/jpeg" }]);
  expect((await d.handler.invoke(event)).ok).toBe(true);
  await newNotifications(d);

  const invocation = await d.handler.invoke(batchEvent("uploads/job/seen.jpg"));
  expect(invocation.result).toEqual(result("Succeeded", "unchanged: already processed with the current configuration"));
  expect(invocation.calls.map((c) => `${c.command} ${c.outcome}`)).toEqual(["HeadObjectCommand ok", "PutItemCommand ConditionalCheckFailedException"]);
  expect(await newNotifications(d)).toEqual([]);
});

it("an existing upload never processed gets its variants, record and message", async () => {
  const key = "uploads/job/old photo.jpg";
  await d.admin.s3.send(new PutObjectCommand({ Bucket: d.moto.bucketName, Key: key, Body: await jpegWithExif(1200, 900), ContentType: "image/jpeg" }));
  await drainQueue(d.admin.sqs, d.moto.s3Events.url); // the event is dropped: as if it had been lost

  const invocation = await d.handler.invoke(batchEvent("uploads/job/old%20photo.jpg"));
  expect(invocation.result).toEqual(result("Succeeded", "processed: variants written for the current configuration"));
  expect(await listKeys(d, "processed/job/old photo.jpg/")).toEqual(["processed/job/old photo.jpg/1024.jpg", "processed/job/old photo.jpg/256.jpg"]);
  expect((await recordsFor(d, key)).map((r) => r.status)).toEqual(["processed"]);
  expect((await newNotifications(d)).map((n) => [n.status, n.message.key])).toEqual([["processed", key]]);
});

it("a key outside uploads/ is a PermanentFailure, without a single AWS call", async () => {
  const invocation = await d.handler.invoke(batchEvent("processed/job/seen.jpg/256.jpg"));
  expect(invocation.result).toEqual(result("PermanentFailure", 'key "processed/job/seen.jpg/256.jpg" is outside uploads/'));
  expect(invocation.calls).toEqual([]);
});
