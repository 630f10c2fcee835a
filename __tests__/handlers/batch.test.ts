/**
 * S3 Batch Operations invocations (the reprocess job) through the real entry dispatch, against
 * in-memory AWS (support/fake-aws.ts). The events follow the shapes in the S3 user guide, "Invoke
 * AWS Lambda function" (invocation schema 2.0 request and response examples: invocationId and job
 * id as published, `userArguments`, `s3VersionId: null`, bucket by name, keys URL-encoded); the
 * 1.0 example (`s3BucketArn`) is used to prove the version check. Proves the per-task results,
 * idempotency per output configuration and the classification of failures; not Batch
 * Operations' own retry behaviour.
 */
import { S3ServiceException } from "@aws-sdk/client-s3";
import { handleInvocation } from "../../handlers/app";
import { classifyFailure } from "../../handlers/batch";
import { BatchEventError, parseBatchEvent } from "../../handlers/batch-events";
import { outputConfigId } from "../../handlers/config";
import { FakeAws, lambdaContext, s3Event, serverError, throttling } from "./support/fake-aws";
import { BUCKET, makeDeps } from "./support/deps";
import { makeJpeg } from "./support/images";

jest.setTimeout(30_000);

const INVOCATION_ID = "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo";
const JOB_ID = "f3cc4f60-61f6-4a2b-8a21-d07600c373ce";
const TASK_ID = "dGFza2lkZ29lc2hlcmUK";

/** A schema 2.0 request as Batch Operations sends it, one task per invocation. */
function batchEvent(s3Key: string, overrides: Record<string, unknown> = {}) {
  return {
    invocationSchemaVersion: "2.0",
    invocationId: INVOCATION_ID,
    job: { id: JOB_ID, userArguments: { command: "reprocess", prefix: "uploads/" } },
    tasks: [{ taskId: TASK_ID, s3Key, s3VersionId: null, s3Bucket: BUCKET, ...overrides }],
  };
}

/** The schema 2.0 response for one task. */
function response(resultCode: string, resultString: string | RegExp) {
  return {
    invocationSchemaVersion: "2.0",
    treatMissingKeysAs: "PermanentFailure",
    invocationId: INVOCATION_ID,
    results: [{ taskId: TASK_ID, resultCode, resultString: typeof resultString === "string" ? resultString : expect.stringMatching(resultString) }],
  };
}

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
});
afterEach(() => aws.restore());

describe("a reprocess task", () => {
  it("processes an existing upload and answers Succeeded, with the same record, outputs and message as an upload event", async () => {
    const deps = makeDeps();
    const source = aws.upload(BUCKET, "uploads/a/cat 1.jpg", await makeJpeg(1600, 1200));
    const result = await handleInvocation(deps, batchEvent("uploads/a/cat%201.jpg"), lambdaContext());
    expect(result).toEqual(response("Succeeded", "processed: variants written for the current configuration"));
    expect(aws.calls).toEqual(["S3.HeadObject", "DynamoDB.PutItem", "S3.GetObject", "S3.PutObject", "S3.PutObject", "DynamoDB.PutItem", "SNS.Publish", "DynamoDB.PutItem"]);
    expect(aws.keys(`${BUCKET}/processed/`)).toEqual([`${BUCKET}/processed/a/cat 1.jpg/1024.jpg`, `${BUCKET}/processed/a/cat 1.jpg/256.jpg`]);
    expect(aws.item("uploads/a/cat 1.jpg", source.etag)).toMatchObject({ status: "processed", notification: "sent", configId: outputConfigId(deps.config) });
  });

  it("is a no-op when the upload was already processed with the same configuration (by an upload event or an earlier job)", async () => {
    const deps = makeDeps();
    aws.upload(BUCKET, "uploads/b.jpg", await makeJpeg(400, 300));
    await handleInvocation(deps, s3Event({ key: "uploads/b.jpg" }), lambdaContext("req-upload"));
    const before = aws.calls.length;
    const published = aws.published.length;

    const result = await handleInvocation(deps, batchEvent("uploads/b.jpg"), lambdaContext("req-job"));
    expect(result).toEqual(response("Succeeded", "unchanged: already processed with the current configuration"));
    expect(aws.calls.slice(before)).toEqual(["S3.HeadObject", "DynamoDB.PutItem"]); // a refused claim, nothing written
    expect(aws.published).toHaveLength(published);
  });

  it("writes the new variants after the variant set changed, keeping one record per configuration", async () => {
    const old = makeDeps();
    const source = aws.upload(BUCKET, "uploads/c.jpg", await makeJpeg(1600, 1200));
    await handleInvocation(old, s3Event({ key: "uploads/c.jpg" }), lambdaContext("req-upload"));
    const changed = makeDeps({ VARIANTS: "512x512,256x256" });
    expect(outputConfigId(changed.config)).not.toBe(outputConfigId(old.config));

    const result = await handleInvocation(changed, batchEvent("uploads/c.jpg"), lambdaContext("req-job"));
    expect(result).toEqual(response("Succeeded", "processed: variants written for the current configuration"));
    expect(aws.keys(`${BUCKET}/processed/c.jpg/`)).toEqual([
      `${BUCKET}/processed/c.jpg/1024.jpg`, // the old variant stays: the role cannot delete
      `${BUCKET}/processed/c.jpg/256.jpg`,
      `${BUCKET}/processed/c.jpg/512.jpg`,
    ]);
    const records = aws.records("uploads/c.jpg").filter((r) => r.etag === source.etag);
    const byConfig = Object.fromEntries(records.map((r) => [r.configId, [r.status, (r.variants as { key: string }[]).map((v) => v.key)]]));
    expect(byConfig).toEqual({
      [outputConfigId(old.config)]: ["processed", ["processed/c.jpg/1024.jpg", "processed/c.jpg/256.jpg"]],
      [outputConfigId(changed.config)]: ["processed", ["processed/c.jpg/512.jpg", "processed/c.jpg/256.jpg"]],
    });
    expect(aws.published).toHaveLength(2);

    // The same job again under the new configuration: nothing more.
    const again = await handleInvocation(changed, batchEvent("uploads/c.jpg"), lambdaContext("req-job-2"));
    expect(again).toEqual(response("Succeeded", "unchanged: already processed with the current configuration"));
    expect(aws.published).toHaveLength(2);
  });

  it("a quality change alone also reprocesses; the same settings spelled differently do not", () => {
    const base = makeDeps().config;
    expect(outputConfigId(makeDeps({ JPEG_QUALITY: "90" }).config)).not.toBe(outputConfigId(base));
    expect(outputConfigId(makeDeps({ MAX_IMAGE_PIXELS: "1000000" }).config)).not.toBe(outputConfigId(base));
    expect(outputConfigId(makeDeps({ VARIANTS: " 1024x1024 , 256 " }).config)).toBe(outputConfigId(base));
    expect(outputConfigId(base)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("answers Succeeded for an image it rejects (recorded like an upload event's rejection)", async () => {
    const deps = makeDeps();
    aws.upload(BUCKET, "uploads/not-an-image.jpg", Buffer.from("hello, not an image\n"));
    const result = await handleInvocation(deps, batchEvent("uploads/not-an-image.jpg"), lambdaContext());
    expect(result).toEqual(response("Succeeded", "rejected: recorded as not processable under the current configuration"));
    expect(aws.keys(`${BUCKET}/processed/`)).toEqual([]);
  });
});

describe("tasks that fail, and how", () => {
  it("refuses keys outside uploads/, folders and bad encodings as PermanentFailure without calling AWS", async () => {
    const deps = makeDeps();
    for (const [key, reason] of [
      ["customerImage1.jpg", 'key "customerImage1.jpg" is outside uploads/'],
      ["processed/a.jpg/256.jpg", 'key "processed/a.jpg/256.jpg" is outside uploads/'],
      ["uploads/folder/", 'key "uploads/folder/" is a folder placeholder'],
      ["uploads/%zz.jpg", 'key "uploads/%zz.jpg" is not valid URL encoding'],
    ]) {
      expect(await handleInvocation(deps, batchEvent(key), lambdaContext())).toEqual(response("PermanentFailure", reason));
    }
    expect(aws.calls).toEqual([]);
  });

  it("a vanished object is a PermanentFailure", async () => {
    expect(await handleInvocation(makeDeps(), batchEvent("uploads/gone.jpg"), lambdaContext())).toEqual(response("PermanentFailure", "missing: the object no longer exists"));
  });

  it("throttling and 5xx are TemporaryFailure (Batch Operations retries); the retry then processes", async () => {
    const deps = makeDeps();
    aws.upload(BUCKET, "uploads/t.jpg", await makeJpeg(300, 200));
    aws.failNext("DynamoDB.PutItem", throttling("dynamodb"));
    expect(await handleInvocation(deps, batchEvent("uploads/t.jpg"), lambdaContext("r1"))).toEqual(response("TemporaryFailure", "ThrottlingException: Rate exceeded"));
    aws.failNext("S3.PutObject", serverError());
    expect(await handleInvocation(deps, batchEvent("uploads/t.jpg"), lambdaContext("r2"))).toEqual(
      response("TemporaryFailure", "ServiceUnavailable: Please reduce your request rate."),
    );
    expect(await handleInvocation(deps, batchEvent("uploads/t.jpg"), lambdaContext("r3"))).toEqual(response("Succeeded", /^processed: /));
  });

  it("access denied is a PermanentFailure: retrying cannot fix a policy", async () => {
    const deps = makeDeps();
    aws.upload(BUCKET, "uploads/d.jpg", await makeJpeg(300, 200));
    aws.failNext("S3.HeadObject", new S3ServiceException({ name: "AccessDenied", $fault: "client", message: "Access Denied", $metadata: { httpStatusCode: 403 } }));
    expect(await handleInvocation(deps, batchEvent("uploads/d.jpg"), lambdaContext())).toEqual(response("PermanentFailure", "AccessDenied: Access Denied"));
  });

  it("an upload another invocation is processing is a TemporaryFailure", async () => {
    const deps = makeDeps();
    aws.upload(BUCKET, "uploads/busy.jpg", await makeJpeg(300, 200));
    aws.failNext("S3.GetObject", new Error("socket hang up")); // the first invocation dies after its claim
    aws.failNext("DynamoDB.PutItem", null, new Error("release lost")); // and cannot release it
    await handleInvocation(deps, batchEvent("uploads/busy.jpg"), lambdaContext("first"));
    expect(await handleInvocation(deps, batchEvent("uploads/busy.jpg"), lambdaContext("second"))).toEqual(
      response("TemporaryFailure", "in progress: another invocation holds this upload's claim"),
    );
  });

  it("classifies the SDK's errors as the SDK's retry strategy does", () => {
    expect(classifyFailure(Object.assign(new Error("x"), { name: "ProvisionedThroughputExceededException", $metadata: { httpStatusCode: 400 } }))).toBe("TemporaryFailure");
    expect(classifyFailure(Object.assign(new Error("x"), { name: "InternalError", $fault: "server", $metadata: { httpStatusCode: 500 } }))).toBe("TemporaryFailure");
    expect(classifyFailure(Object.assign(new Error("connect"), { code: "ECONNRESET" }))).toBe("TemporaryFailure");
    expect(classifyFailure(Object.assign(new Error("Key disabled"), { name: "DisabledException", $fault: "client", $metadata: { httpStatusCode: 400 } }))).toBe("PermanentFailure");
    expect(classifyFailure(new TypeError("a bug"))).toBe("PermanentFailure");
    expect(classifyFailure("not an error")).toBe("PermanentFailure");
  });
});

describe("malformed Batch Operations events are refused with a clear error", () => {
  const cases: Array<[string, unknown, string]> = [
    [
      "the 1.0 schema (bucket ARN)",
      {
        invocationSchemaVersion: "1.0",
        invocationId: INVOCATION_ID,
        job: { id: JOB_ID },
        tasks: [{ taskId: TASK_ID, s3Key: "customerImage1.jpg", s3VersionId: "1", s3BucketArn: "arn:aws:s3:us-east-1:0123456788:examplebucket" }],
      },
      'invocationSchemaVersion "1.0" is not supported; create the job with InvocationSchemaVersion "2.0"',
    ],
    ["no invocationId", { ...batchEvent("uploads/a.jpg"), invocationId: "" }, "invocationId must be a non-empty string"],
    ["no job id", { ...batchEvent("uploads/a.jpg"), job: {} }, "job.id must be a non-empty string"],
    ["non-string user arguments", { ...batchEvent("uploads/a.jpg"), job: { id: JOB_ID, userArguments: { n: 1 } } }, "job.userArguments must map names to strings"],
    ["no tasks", { ...batchEvent("uploads/a.jpg"), tasks: [] }, "tasks must be an array of 1 to 100 tasks"],
    [
      "too many tasks",
      { ...batchEvent("uploads/a.jpg"), tasks: Array.from({ length: 101 }, (_, i) => ({ taskId: `t${i}`, s3Key: "uploads/a.jpg", s3Bucket: BUCKET })) },
      "tasks must be an array of 1 to 100 tasks",
    ],
    ["a task without taskId", { ...batchEvent("uploads/a.jpg"), tasks: [{ s3Key: "uploads/a.jpg", s3Bucket: BUCKET }] }, "tasks[0].taskId must be a non-empty string"],
    ["a version but not an object", { invocationSchemaVersion: "2.0" }, "invocationId must be a non-empty string"],
  ];
  it.each(cases)("%s", async (_name, event, reason) => {
    const deps = makeDeps();
    const logged = jest.spyOn(deps.logger, "error");
    await expect(handleInvocation(deps, event, lambdaContext())).rejects.toThrow(new BatchEventError(reason));
    expect(logged).toHaveBeenCalledWith("Invocation event rejected", { reason: `Malformed S3 Batch Operations event: ${reason}` });
    expect(aws.calls).toEqual([]);
  });

  it("a task in the 1.0 shape inside a 2.0 event, or with a bad version id, is a PermanentFailure of that task", () => {
    const parsed = parseBatchEvent(
      {
        ...batchEvent("uploads/a.jpg"),
        tasks: [
          { taskId: "t1", s3Key: "uploads/a.jpg", s3BucketArn: `arn:aws:s3:::${BUCKET}` },
          { taskId: "t2", s3Key: "uploads/a.jpg", s3Bucket: BUCKET, s3VersionId: 7 },
          { taskId: "t3", s3Key: "uploads/a%2Bb.jpg", s3Bucket: BUCKET, s3VersionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" },
        ],
      },
      "uploads/",
    );
    expect(parsed).toEqual({
      invocationId: INVOCATION_ID,
      jobId: JOB_ID,
      userArguments: { command: "reprocess", prefix: "uploads/" },
      tasks: [
        { taskId: "t1", result: { taskId: "t1", resultCode: "PermanentFailure", resultString: "task has s3BucketArn (schema 1.0 shape) instead of s3Bucket" } },
        { taskId: "t2", result: { taskId: "t2", resultCode: "PermanentFailure", resultString: "s3VersionId must be a string or null" } },
        { taskId: "t3", bucket: BUCKET, key: "uploads/a+b.jpg", versionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" },
      ],
    });
  });

  it("an S3 event still goes the S3 way, and a non-event still gets the S3 path's recorded rejection", async () => {
    expect(await handleInvocation(makeDeps(), { hello: "world" }, lambdaContext())).toEqual({
      invalid: "not an S3 event notification: expected an object with a Records array",
      ignored: 0,
      outcomes: {},
    });
  });
});
