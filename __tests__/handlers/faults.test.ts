/**
 * AWS faults injected at the client (aws-sdk-client-mock under support/fake-aws.ts) and the
 * retries Lambda would make, replayed by calling the handler again with the same event. Proves
 * the handler's reaction to each failure and the state it leaves, not the SDK's own retries
 * (mocked clients bypass them) nor Lambda's retry policy.
 */
import { handleEvent } from "../../handlers/app";
import { FakeAws, lambdaContext, md5, s3Event, serverError, throttling } from "./support/fake-aws";
import { BUCKET, makeDeps, T0 } from "./support/deps";
import { makeJpeg } from "./support/images";

// Real image work on a shared 2-core machine: jest's 5 s default is too tight under load.
jest.setTimeout(30_000);

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
});
afterEach(() => aws.restore());

const KEY = "uploads/retry/cat.jpg";
const event = s3Event({ key: KEY });

async function setup() {
  const deps = makeDeps();
  const source = aws.upload(BUCKET, KEY, await makeJpeg(300, 200));
  return { deps, source };
}

describe("transient errors are thrown so Lambda retries, and the retry completes the work", () => {
  it("throttled claim (DynamoDB): thrown, nothing downloaded; the retry processes", async () => {
    const { deps, source } = await setup();
    const error = throttling("dynamodb");
    aws.failNext("DynamoDB.PutItem", error);
    await expect(handleEvent(deps, event, lambdaContext())).rejects.toBe(error);
    expect(aws.calls).toEqual(["S3.HeadObject", "DynamoDB.PutItem"]);
    expect(aws.item(KEY, source.etag)).toBeUndefined();

    await handleEvent(deps, event, lambdaContext("req-2"));
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processed", notification: "sent" });
  });

  it("S3 5xx on a variant write: thrown, claim released at once (lease 0); the retry claims and overwrites identically", async () => {
    const { deps, source } = await setup();
    aws.failNext("S3.PutObject", serverError()); // the first variant write fails
    await expect(handleEvent(deps, event, lambdaContext())).rejects.toMatchObject({ name: "ServiceUnavailable" });
    const released = aws.item(KEY, source.etag)!;
    expect([released.status, released.leaseUntil]).toEqual(["processing", 0]);
    expect(aws.published).toEqual([]);

    const summary = await handleEvent(deps, event, lambdaContext("req-2"));
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "processed" });
    expect(aws.keys(`${BUCKET}/processed/`)).toEqual([`${BUCKET}/processed/retry/cat.jpg/1024.jpg`, `${BUCKET}/processed/retry/cat.jpg/256.jpg`]);
    expect(aws.published).toHaveLength(1);
  });

  it("a throttled GetObject after the claim: thrown and released", async () => {
    const { deps, source } = await setup();
    aws.failNext("S3.GetObject", throttling("s3"));
    await expect(handleEvent(deps, event, lambdaContext())).rejects.toMatchObject({ name: "ThrottlingException" });
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processing", leaseUntil: 0 });
  });

  it("a failed final-record write releases the claim and is thrown", async () => {
    const { deps, source } = await setup();
    aws.failNext("DynamoDB.PutItem", null, throttling("dynamodb")); // claim passes, final record fails
    await expect(handleEvent(deps, event, lambdaContext())).rejects.toMatchObject({ name: "ThrottlingException" });
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processing", leaseUntil: 0 });
    expect(aws.published).toEqual([]);
  });

  it("a release that fails too is logged, and the original error is what Lambda sees", async () => {
    const { deps, source } = await setup();
    const getError = serverError();
    aws.failNext("S3.GetObject", getError);
    aws.failNext("DynamoDB.PutItem", null, throttling("dynamodb")); // claim passes, release fails
    await expect(handleEvent(deps, event, lambdaContext())).rejects.toBe(getError);
    // The lease is still the invocation's remaining time: the record waits for it to run out.
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processing", leaseUntil: T0.getTime() + 60_000 });
  });
});

describe("duplicates and crashes", () => {
  it("a duplicate event after success is already done: no download, no write, no message", async () => {
    const { deps } = await setup();
    await handleEvent(deps, event, lambdaContext());
    aws.calls.length = 0;
    const summary = await handleEvent(deps, event, lambdaContext("req-2"));
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "duplicate" });
    expect(aws.calls).toEqual(["S3.HeadObject", "DynamoDB.PutItem"]); // the refused claim
    expect(aws.published).toHaveLength(1);
  });

  it("SNS fails after the final record: the record is consistent (final, pending); the retry re-publishes without reprocessing", async () => {
    const { deps, source } = await setup();
    aws.failNext("SNS.Publish", Object.assign(new Error("Internal error"), { name: "InternalErrorException", $fault: "server", $metadata: { httpStatusCode: 500 } }));
    await expect(handleEvent(deps, event, lambdaContext())).rejects.toMatchObject({ name: "InternalErrorException" });
    const pending = aws.item(KEY, source.etag)!;
    expect(pending).toMatchObject({ status: "processed", notification: "pending" });
    expect(pending).not.toHaveProperty("messageId");
    expect(pending).not.toHaveProperty("claimId");
    expect(pending).not.toHaveProperty("leaseUntil");
    expect((pending.variants as unknown[]).length).toBe(2);
    expect(aws.published).toEqual([]);

    aws.calls.length = 0;
    deps.clock.now = new Date(T0.getTime() + 90_000);
    const summary = await handleEvent(deps, event, lambdaContext("req-2"));
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "republished" });
    expect(aws.calls).toEqual(["S3.HeadObject", "DynamoDB.PutItem", "SNS.Publish", "DynamoDB.PutItem"]);
    expect(aws.item(KEY, source.etag)).toEqual({ ...pending, notification: "sent", messageId: "message-1" });
    // The message describes the original processing (recordedAt is the final record's time).
    expect(JSON.parse(aws.published[0].Message!)).toMatchObject({ status: "processed", recordedAt: T0.toISOString() });
  });

  it("a claim whose response was lost and retried by the SDK is recognised as ours, not as a duplicate", async () => {
    const { deps, source } = await setup();
    aws.replayNextPutItem = true;
    const summary = await handleEvent(deps, event, lambdaContext());
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "processed" });
    expect(aws.calls.slice(0, 3)).toEqual(["S3.HeadObject", "DynamoDB.PutItem", "DynamoDB.PutItem"]);
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processed", notification: "sent" });
  });

  it("a duplicate while another invocation holds a live claim is skipped", async () => {
    const { deps, source } = await setup();
    aws.failNext("S3.GetObject", new Error("crash")); // leaves a claim...
    aws.failNext("DynamoDB.PutItem", null, throttling("dynamodb")); // ...that cannot be released
    await expect(handleEvent(deps, event, lambdaContext())).rejects.toThrow("crash");

    deps.clock.now = new Date(T0.getTime() + 30_000); // lease (60 s) still running
    const summary = await handleEvent(deps, event, lambdaContext("req-2"));
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "in-progress" });
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processing" });

    deps.clock.now = new Date(T0.getTime() + 61_000); // lease over: taken over and finished
    const later = await handleEvent(deps, event, lambdaContext("req-3"));
    expect(later.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "processed" });
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processed", notification: "sent" });
  });

  it("one upload's transient failure does not stop the others; the error is thrown after them", async () => {
    const deps = makeDeps();
    const first = aws.upload(BUCKET, "uploads/one.jpg", await makeJpeg(30, 30));
    const second = aws.upload(BUCKET, "uploads/two.jpg", await makeJpeg(30, 30, 50));
    const third = aws.upload(BUCKET, "uploads/three.jpg", await makeJpeg(30, 30, 60));
    aws.failNext("S3.HeadObject", serverError(), serverError()); // one.jpg and two.jpg fail
    const error = await handleEvent(deps, s3Event({ key: "uploads/one.jpg" }, { key: "uploads/two.jpg" }, { key: "uploads/three.jpg" }), lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe("2 of 3 uploads failed; the event will be retried");
    expect(aws.item("uploads/three.jpg", third.etag)).toMatchObject({ status: "processed" });
    expect([aws.item("uploads/one.jpg", first.etag), aws.item("uploads/two.jpg", second.etag)]).toEqual([undefined, undefined]);
  });

  it("an object replaced between HeadObject and GetObject (412) is superseded: claim released, nothing recorded; the new version's own event processes it", async () => {
    const { deps, source } = await setup();
    const newer = await makeJpeg(64, 64);
    aws.afterHead = (key) => {
      aws.afterHead = undefined;
      aws.upload(BUCKET, key, newer); // a new upload lands right after the HEAD
    };
    const summary = await handleEvent(deps, event, lambdaContext());
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "superseded" });
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processing", leaseUntil: 0 });
    expect(aws.published).toEqual([]);
    const next = await handleEvent(deps, event, lambdaContext("req-2")); // the new version's event
    expect(next.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "processed" });
    expect(aws.item(KEY, md5(newer))).toMatchObject({ status: "processed", width: 64, height: 64 });
  });

  it("an object deleted between HeadObject and GetObject is missing: claim released, nothing recorded or announced", async () => {
    const { deps, source } = await setup();
    aws.afterHead = (key) => {
      aws.afterHead = undefined;
      aws.objects.delete(`${BUCKET}/${key}`);
    };
    const summary = await handleEvent(deps, event, lambdaContext());
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${KEY}`]: "missing" });
    expect(aws.item(KEY, source.etag)).toMatchObject({ status: "processing", leaseUntil: 0 });
    expect(aws.published).toEqual([]);
  });
});
