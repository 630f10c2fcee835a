/**
 * End to end on moto: the Lambda exactly as Pulumi packages it (the CallbackFunction's code
 * archive, run from a temp dir outside the project), fed the real S3 events moto emits, against
 * the resources the program declares, created in moto with the AWS SDK. Every scenario asserts
 * moto's state: objects, their encryption, table items and published notifications.
 *
 * What this proves: the packaged function (one bundle) runs with what it carries and the component's
 * environment, and its S3, DynamoDB and SNS calls work against real AWS APIs (moto's
 * implementation of them). What it does not: Lambda's own runtime (Node 20 here, the function
 * declares its runtime), S3's invocation of Lambda (the tests deliver moto's events themselves),
 * bucket and topic policies (moto does not evaluate them; see least-privilege in the same suite).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { DeleteTopicCommand } from "@aws-sdk/client-sns";
import { generatedPolicies, requestsOf } from "./support/generated-policies";
import { decisions } from "./support/iam-evaluator";
import { deployToMoto, PROJECT_ONLY_PACKAGES, runtimeDependencies, type Deployment } from "./support/deploy";
import { imageFacts, jpegClaiming, jpegWithExif, pngWithAlpha, truncatedJpeg } from "./support/images";
import { listKeys, newNotifications, objectBytes, objectHead, recordsFor, upload } from "./support/observe";
import type { Invocation } from "./support/packaged-handler";
import { createNotificationTopic, createTable } from "./support/pipeline-in-moto";

jest.setTimeout(120_000);

let d: Deployment;
const invocations: Invocation[] = [];

async function invoke(event: unknown, options: { remainingMs?: number } = {}): Promise<Invocation> {
  const result = await d.handler.invoke(event, options);
  invocations.push(result);
  return result;
}

// Generous hook timeouts: the program run and the burst share 2 cores with other work.
beforeAll(async () => {
  d = await deployToMoto();
}, 300_000);
afterAll(async () => {
  await d?.teardown();
});

describe("the packaged Lambda", () => {
  it("is the CallbackFunction's archive: __index.js and the handler bundle with its source map, nothing else", () => {
    expect(d.archiveEntries).toEqual([".build/handler", "__index.js"]);
    expect(fs.readdirSync(path.join(d.archiveDir, ".build/handler")).sort()).toEqual(["index.js", "index.js.map"]);
    expect(d.archiveDir.startsWith(process.cwd())).toBe(false);
  });

  it("loads only __index.js and the bundle, both from inside the archive (nothing leaks from the project's node_modules)", () => {
    expect(d.handler.modulesLoadedAtStart).toBe(3); // the runner, __index.js, the bundle
    expect([...d.handler.modulesOutsideArchive]).toEqual([]);
  });

  it("carries its runtime packages inside the bundle: none of them, nor the project's test tools, resolves from the archive", () => {
    const expected = Object.fromEntries([...runtimeDependencies(), ...PROJECT_ONLY_PACKAGES].map((n) => [n, null]));
    expect(d.handler.resolutions).toEqual(expected);
  });
});

describe("a JPEG upload", () => {
  const key = "uploads/holiday/photo.jpg";
  let invocation: Invocation;
  let original: Buffer;
  const started = Date.now();

  beforeAll(async () => {
    original = await jpegWithExif(1200, 900);
    expect((await imageFacts(original)).hasExif).toBe(true);
    const [event] = await upload(d, [{ key, body: original, contentType: "image/jpeg" }]);
    invocation = await invoke(event);
  });

  it("succeeds", () => {
    expect(invocation.error).toBeUndefined();
    expect(invocation.ok).toBe(true);
  });

  it("writes each variant under processed/, fitted inside its size, without EXIF", async () => {
    expect(await listKeys(d, "processed/holiday/photo.jpg/")).toEqual(["processed/holiday/photo.jpg/1024.jpg", "processed/holiday/photo.jpg/256.jpg"]);
    expect(await imageFacts(await objectBytes(d, "processed/holiday/photo.jpg/1024.jpg"))).toEqual({ format: "jpeg", width: 1024, height: 768, hasExif: false, hasAlpha: false });
    expect(await imageFacts(await objectBytes(d, "processed/holiday/photo.jpg/256.jpg"))).toEqual({ format: "jpeg", width: 256, height: 192, hasExif: false, hasAlpha: false });
  });

  // moto applies the bucket's default encryption to any write, so the headers the handler sends are
  // checked on its recorded calls: the bucket policy (not enforced by moto) rejects writes without them.
  it("asks for SSE-KMS with the stack's key on every write", () => {
    expect(invocation.calls.filter((c) => c.command === "PutObjectCommand").map((c) => [c.input.Key, c.input.ServerSideEncryption, c.input.SSEKMSKeyId])).toEqual([
      ["processed/holiday/photo.jpg/1024.jpg", "aws:kms", d.moto.keyArn],
      ["processed/holiday/photo.jpg/256.jpg", "aws:kms", d.moto.keyArn],
    ]);
  });

  it("encrypts every output with SSE-KMS under the stack's key", async () => {
    for (const k of await listKeys(d, "processed/holiday/photo.jpg/")) {
      const head = await objectHead(d, k);
      expect([k, head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual([k, "aws:kms", d.moto.keyArn]);
    }
  });

  it("records one processed item that expires about 90 days from now", async () => {
    const records = await recordsFor(d, key);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({ status: "processed", key, bucket: d.moto.bucketName });
    expect((record.variants as { key: string; width: number; height: number }[]).map((v) => [v.key, v.width, v.height])).toEqual([
      ["processed/holiday/photo.jpg/1024.jpg", 1024, 768],
      ["processed/holiday/photo.jpg/256.jpg", 256, 192],
    ]);
    const ninetyDays = 90 * 86_400;
    expect(record.expiresAt as number).toBeGreaterThanOrEqual(Math.floor(started / 1000) + ninetyDays - 60);
    expect(record.expiresAt as number).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + ninetyDays + 60);
  });

  it("publishes one notification with the status attribute", async () => {
    const notes = await newNotifications(d);
    expect(notes.map((n) => [n.topicArn, n.status, n.message.key])).toEqual([[d.moto.topicArn, "processed", key]]);
  });

  it("leaves the original untouched", async () => {
    expect((await objectBytes(d, key)).equals(original)).toBe(true);
  });
});

describe("a PNG with transparency", () => {
  const key = "uploads/logo.png";
  let invocation: Invocation;

  beforeAll(async () => {
    const [event] = await upload(d, [{ key, body: await pngWithAlpha(800, 400), contentType: "image/png" }]);
    invocation = await invoke(event);
  });

  it("stays PNG with its alpha channel, fitted and never upscaled, encrypted with the stack's key", async () => {
    expect(invocation.error).toBeUndefined();
    expect(await listKeys(d, `processed/logo.png/`)).toEqual(["processed/logo.png/1024.png", "processed/logo.png/256.png"]);
    expect(await imageFacts(await objectBytes(d, "processed/logo.png/1024.png"))).toEqual({ format: "png", width: 800, height: 400, hasExif: false, hasAlpha: true });
    expect(await imageFacts(await objectBytes(d, "processed/logo.png/256.png"))).toEqual({ format: "png", width: 256, height: 128, hasExif: false, hasAlpha: true });
    for (const k of await listKeys(d, "processed/logo.png/")) {
      const head = await objectHead(d, k);
      expect([k, head.ServerSideEncryption, head.SSEKMSKeyId, head.ContentType]).toEqual([k, "aws:kms", d.moto.keyArn, "image/png"]);
    }
  });

  it("records and announces it once", async () => {
    expect((await recordsFor(d, key)).map((r) => r.status)).toEqual(["processed"]);
    expect((await newNotifications(d)).map((n) => [n.status, n.message.key])).toEqual([["processed", key]]);
  });
});

describe("keys with spaces, unicode, '+' and nested paths", () => {
  const keys = ["uploads/My Photos/a b+c é.jpg", "uploads/日本/写真 1.jpg", "uploads/deep/nested/path/x+y.jpg", "uploads/100%/sale (1).jpg"];

  beforeAll(async () => {
    const body = await jpegWithExif(320, 160, 1);
    for (const event of await upload(
      d,
      keys.map((key) => ({ key, body, contentType: "image/jpeg" })),
    ))
      await invoke(event);
  });

  it.each(keys)("%s: outputs under processed/ at the same path, one record, one notification", async (key) => {
    const folder = `processed/${key.slice("uploads/".length)}/`;
    expect(await listKeys(d, folder)).toEqual([`${folder}1024.jpg`, `${folder}256.jpg`]);
    expect(await imageFacts(await objectBytes(d, `${folder}256.jpg`))).toMatchObject({ width: 256, height: 128, hasExif: false });
    expect((await recordsFor(d, key)).map((r) => [r.status, r.key])).toEqual([["processed", key]]);
  });

  it("announced each key exactly once, decoded", async () => {
    expect((await newNotifications(d)).map((n) => n.message.key).sort()).toEqual([...keys].sort());
  });
});

describe("keys S3 accepts that a path-like mapping cannot hold: 1,024 bytes, dot segments, CJK", () => {
  const cases = [
    { name: "a 1,024-byte ASCII key", key: `uploads/${"a".repeat(1012)}.jpg`, readable: false },
    { name: "a 1,024-byte CJK key (its URI form is over S3's 2 KB of metadata)", key: `uploads/${"画".repeat(337)}.jpeg`, readable: false },
    { name: "a dot-segment key that resolves into processed/", key: "uploads/../processed/x.jpg", readable: false },
    { name: "a key with an empty segment", key: "uploads/a//b.jpg", readable: false },
    { name: "a short CJK key", key: "uploads/写真/東京タワー.jpg", readable: true },
  ];
  const events = new Map<string, unknown>();

  beforeAll(async () => {
    const body = await jpegWithExif(320, 160, 1);
    for (const [i, event] of (
      await upload(
        d,
        cases.map((c) => ({ key: c.key, body, contentType: "image/jpeg" })),
      )
    ).entries()) {
      events.set(cases[i].key, event);
      await invoke(event);
    }
  });

  it.each(cases)("$name: processed once, outputs valid, under processed/ and naming their source", async ({ key, readable }) => {
    const [record] = await recordsFor(d, key);
    expect([record?.status, record?.key]).toEqual(["processed", key]);
    const outputs = (record.variants as { key: string }[]).map((v) => v.key);
    expect(outputs).toHaveLength(2);
    for (const output of outputs) {
      expect(Buffer.byteLength(output, "utf8")).toBeLessThanOrEqual(1024);
      expect(output.startsWith("processed/")).toBe(true);
      expect(output.split("/").filter((s) => s === "." || s === ".." || s === "")).toEqual([]);
      const head = await objectHead(d, output);
      const metadata = head.Metadata ?? {};
      const stored =
        metadata["source-key-base64url"] !== undefined ? Buffer.from(metadata["source-key-base64url"], "base64url").toString("utf8") : decodeURI(metadata["source-key"] ?? "");
      expect(stored).toBe(key);
    }
    if (readable) expect(outputs[0]).toBe(`processed/${key.slice("uploads/".length)}/1024.jpg`);
    else expect(outputs[0]).toMatch(/~[0-9a-f]{64}\/1024\.jpg$/);
  });

  it("each is announced once; a second delivery of each is a duplicate", async () => {
    const announced = (await newNotifications(d)).map((n) => n.message.key);
    expect(announced.sort()).toEqual(cases.map((c) => c.key).sort());
    for (const c of cases) expect((await invoke(events.get(c.key))).result).toMatchObject({ outcomes: { [`${d.moto.bucketName}/${c.key}`]: "duplicate" } });
  });
});

describe("a decode that runs out of the invocation's time, then a delivery with time enough", () => {
  const key = "uploads/slow/first-try.jpg";
  let first: Invocation;
  let second: Invocation;
  let afterFirst: Record<string, unknown>[];

  beforeAll(async () => {
    const [event] = await upload(d, [{ key, body: await jpegWithExif(2400, 1800), contentType: "image/jpeg" }]);
    first = await invoke(event, { remainingMs: 1 }); // the decode's share of 1 ms is spent at once
    afterFirst = await recordsFor(d, key);
    second = await invoke(event);
  });

  it("the first delivery fails with a DecodeTimeout: nothing recorded as rejected, the claim released", () => {
    expect([first.ok, first.error?.name]).toEqual([false, "DecodeTimeout"]);
    expect(first.calls.filter((c) => c.command === "PutObjectCommand")).toEqual([]);
    expect(afterFirst.map((r) => [r.status, r.leaseUntil])).toEqual([["processing", 0]]);
  });

  it("the next delivery processes the same bytes", async () => {
    expect(second.ok).toBe(true);
    expect((await recordsFor(d, key)).map((r) => [r.status, r.notification])).toEqual([["processed", "sent"]]);
    expect((await newNotifications(d)).map((n) => [n.message.key, n.status])).toEqual([[key, "processed"]]);
  });
});

describe("the same event delivered twice (S3 delivers at least once)", () => {
  const key = "uploads/twice.jpg";
  let first: Invocation;
  let second: Invocation;
  let outputsAfterFirst: { key: string; etag: string | undefined }[];

  beforeAll(async () => {
    const [event] = await upload(d, [{ key, body: await jpegWithExif(300, 300, 2), contentType: "image/jpeg" }]);
    first = await invoke(event);
    outputsAfterFirst = await Promise.all((await listKeys(d, "processed/twice.jpg/")).map(async (k) => ({ key: k, etag: (await objectHead(d, k)).ETag })));
    second = await invoke(event);
  });

  it("succeeds both times", () => {
    expect([first.ok, second.ok]).toEqual([true, true]);
  });

  it("keeps one record and the same outputs, and the second delivery writes nothing to S3", async () => {
    expect((await recordsFor(d, key)).map((r) => r.status)).toEqual(["processed"]);
    const outputsNow = await Promise.all((await listKeys(d, "processed/twice.jpg/")).map(async (k) => ({ key: k, etag: (await objectHead(d, k)).ETag })));
    expect(outputsNow).toEqual(outputsAfterFirst);
    expect(outputsNow).toHaveLength(2);
    expect(second.calls.filter((c) => c.command === "PutObjectCommand")).toEqual([]);
  });

  it("announces it once", async () => {
    expect((await newNotifications(d)).map((n) => [n.status, n.message.key])).toEqual([["processed", key]]);
  });
});

describe.each([
  ["a corrupt (truncated) JPEG", "uploads/broken.jpg", "Corrupt", truncatedJpeg],
  ["a decompression bomb (JPEG header claiming 65500 x 65500)", "uploads/bomb.jpg", "TooManyPixels", () => jpegClaiming(65_500, 65_500)],
])("%s", (_label, key, errorCode, make) => {
  let original: Buffer;
  let invocation: Invocation;

  beforeAll(async () => {
    original = await make();
    const [event] = await upload(d, [{ key, body: original, contentType: "image/jpeg" }]);
    invocation = await invoke(event);
  });

  it("is handled without failing the invocation (a bad image is permanent: retrying cannot help)", () => {
    expect(invocation.error).toBeUndefined();
    expect(invocation.ok).toBe(true);
  });

  it("is recorded as rejected with a reason, and announced as rejected", async () => {
    const records = await recordsFor(d, key);
    expect(records.map((r) => [r.status, r.errorCode])).toEqual([["rejected", errorCode]]);
    expect(records[0].reason).toMatch(/\w{3,}/);
    expect((await newNotifications(d)).map((n) => [n.status, n.message.key])).toEqual([["rejected", key]]);
  });

  it("leaves the original byte for byte and writes nothing under processed/", async () => {
    expect((await objectBytes(d, key)).equals(original)).toBe(true);
    expect(await listKeys(d, `processed/${key.slice("uploads/".length)}`)).toEqual([]);
  });
});

describe("a burst of 100 uploads, processed one invocation at a time (reserved concurrency 1)", () => {
  const keys = Array.from({ length: 100 }, (_, i) => `uploads/burst/${String(i).padStart(3, "0")}.jpg`);
  const failures: string[] = [];
  let seconds = 0;

  beforeAll(async () => {
    expect(d.program.reservedConcurrency).toBe(1);
    const body = await jpegWithExif(48, 32, 5);
    const events = await upload(
      d,
      keys.map((key) => ({ key, body, contentType: "image/jpeg" })),
    );
    const started = Date.now();
    for (const event of events) {
      const result = await invoke(event);
      if (!result.ok) failures.push(`${result.error?.name}: ${result.error?.message}`);
    }
    seconds = (Date.now() - started) / 1000;
  }, 300_000);

  it("fails no invocation", () => {
    expect(failures).toEqual([]);
    // Reported, not asserted: this machine's speed is not the pipeline's contract.
    console.log(`burst: ${keys.length} invocations in ${seconds.toFixed(1)} s`);
  });

  it("gives every upload exactly one processed record and its two outputs, and nothing more", async () => {
    const outputs = await listKeys(d, "processed/burst/");
    expect(outputs).toEqual(keys.flatMap((k) => [`processed/${k.slice(8)}/1024.jpg`, `processed/${k.slice(8)}/256.jpg`]).sort());
    const statuses = await Promise.all(keys.map(async (k) => (await recordsFor(d, k)).map((r) => r.status).join(",")));
    expect(statuses).toEqual(keys.map(() => "processed"));
  });

  it("announces every upload exactly once", async () => {
    const announced = (await newNotifications(d)).map((n) => n.message.key as string).sort();
    expect(announced).toEqual(keys);
  });
});

describe("a fault in the middle: the table becomes unavailable, then comes back", () => {
  const key = "uploads/during-outage.jpg";
  let duringOutage: Invocation;
  let retry: Invocation;

  beforeAll(async () => {
    const [event] = await upload(d, [{ key, body: await jpegWithExif(500, 250, 7), contentType: "image/jpeg" }]);
    await d.admin.dynamodb.send(new DeleteTableCommand({ TableName: d.moto.tableName }));
    duringOutage = await invoke(event);
    await createTable(d.admin, d.program.description.table);
    // Lambda retries a failed asynchronous invocation with the same event.
    retry = await invoke(event);
  });

  it("fails the invocation while the table is gone, so Lambda retries it", () => {
    expect(duringOutage.ok).toBe(false);
    expect(duringOutage.error?.name).toBe("ResourceNotFoundException");
    expect(duringOutage.calls.map((c) => `${c.command}:${c.outcome}`)).toContain("PutItemCommand:ResourceNotFoundException");
  });

  it("succeeds on the retry once the table is back", () => {
    expect(retry.error).toBeUndefined();
    expect(retry.ok).toBe(true);
  });

  it("ends consistent: one processed record, both outputs, one notification", async () => {
    expect((await recordsFor(d, key)).map((r) => r.status)).toEqual(["processed"]);
    expect(await listKeys(d, "processed/during-outage.jpg/")).toEqual(["processed/during-outage.jpg/1024.jpg", "processed/during-outage.jpg/256.jpg"]);
    expect((await newNotifications(d)).map((n) => [n.status, n.message.key])).toEqual([["processed", key]]);
  });
});

describe("a fault later in the sequence: the topic is gone after the outputs and the record are written", () => {
  const key = "uploads/topic-outage.jpg";
  let duringOutage: Invocation;
  let retry: Invocation;

  beforeAll(async () => {
    const [event] = await upload(d, [{ key, body: await jpegWithExif(500, 250, 8), contentType: "image/jpeg" }]);
    await d.admin.sns.send(new DeleteTopicCommand({ TopicArn: d.moto.topicArn }));
    duringOutage = await invoke(event);
    await createNotificationTopic(d.admin, d.program.description.notificationTopicName, d.moto.keyArn, d.moto.notifications.arn);
    retry = await invoke(event);
  });

  it("fails the invocation at the publish, after writing the outputs", () => {
    expect(duringOutage.ok).toBe(false);
    const commands = duringOutage.calls.map((c) => `${c.command}:${c.outcome}`);
    expect(commands.filter((c) => c.startsWith("PutObjectCommand"))).toEqual(["PutObjectCommand:ok", "PutObjectCommand:ok"]);
    expect(commands[commands.length - 1]).toMatch(/^PublishCommand:(?!ok)/);
  });

  it("finishes on the retry without redoing the image work, and ends consistent", async () => {
    expect(retry.ok).toBe(true);
    expect(retry.calls.filter((c) => c.command === "PutObjectCommand")).toEqual([]);
    expect((await recordsFor(d, key)).map((r) => r.status)).toEqual(["processed"]);
    expect(await listKeys(d, "processed/topic-outage.jpg/")).toEqual(["processed/topic-outage.jpg/1024.jpg", "processed/topic-outage.jpg/256.jpg"]);
    expect((await newNotifications(d)).map((n) => [n.status, n.message.key])).toEqual([["processed", key]]);
  });
});

// Runs last: evaluates everything the scenarios above made the function do.
describe("every AWS call of this run, evaluated with the generated policies (iam-simulate)", () => {
  it("is allowed, including the KMS calls made on the function's behalf", async () => {
    const calls = invocations.flatMap((i) => i.calls);
    expect(calls.length).toBeGreaterThan(invocations.length * 3);
    const requests = requestsOf(d, calls);
    expect(await decisions(generatedPolicies(d), requests)).toEqual(requests.map((r) => `${r.action} ${r.resource} -> Allowed`));
  });
});
