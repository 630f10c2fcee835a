/**
 * The handler against in-memory AWS (support/fake-aws.ts): events, outputs, the record, the
 * message, rejections. Proves what the handler asks AWS for and in what order, including that
 * it uses only the actions its role grants; the moto suite proves the calls work against an
 * AWS-compatible API.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { handleEvent } from "../../handlers/app";
import { recordSortKey } from "../../handlers/aws/records";
import { outputConfigId } from "../../handlers/config";
import { FakeAws, eventKey, lambdaContext, md5, s3Event } from "./support/fake-aws";
import { BUCKET, KEY_ARN, T0, TOPIC, makeDeps } from "./support/deps";
import { fixture, inspect, isUpright, jpegSofOnly, makeJpeg, makePng, pngHeaderOnly } from "./support/images";

// Real image work on a shared 2-core machine: jest's 5 s default is too tight under load.
jest.setTimeout(30_000);

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
});
afterEach(() => aws.restore());

const TTL = Math.floor(T0.getTime() / 1000) + 90 * 86_400;

describe("a valid upload", () => {
  it("writes both variants with SSE-KMS, one final record, one message: exact shapes", async () => {
    const deps = makeDeps();
    const source = aws.upload(BUCKET, "uploads/a/b/cat.png", await makePng(1600, 1200));

    const summary = await handleEvent(deps, s3Event({ key: "uploads/a/b/cat.png" }), lambdaContext());

    expect(summary).toEqual({ ignored: 0, outcomes: { [`${BUCKET}/uploads/a/b/cat.png`]: "processed" } });
    // Only the actions the role grants, in the designed order (claim before download).
    expect(aws.calls).toEqual(["S3.HeadObject", "DynamoDB.PutItem", "S3.GetObject", "S3.PutObject", "S3.PutObject", "DynamoDB.PutItem", "SNS.Publish", "DynamoDB.PutItem"]);
    expect(aws.keys(`${BUCKET}/processed/`)).toEqual([`${BUCKET}/processed/a/b/cat.png/1024.jpg`, `${BUCKET}/processed/a/b/cat.png/256.jpg`]);

    const put = (key: string) => aws.objects.get(`${BUCKET}/${key}`)!;
    const large = put("processed/a/b/cat.png/1024.jpg");
    const small = put("processed/a/b/cat.png/256.jpg");
    for (const [object, key] of [
      [large, "processed/a/b/cat.png/1024.jpg"],
      [small, "processed/a/b/cat.png/256.jpg"],
    ] as const) {
      expect(object.input).toEqual({
        Bucket: BUCKET,
        Key: key,
        Body: object.body,
        ContentType: "image/jpeg",
        ServerSideEncryption: "aws:kms",
        SSEKMSKeyId: KEY_ARN,
        BucketKeyEnabled: true,
        Metadata: { "source-etag": source.etag, "source-key": "uploads/a/b/cat.png" },
      });
    }
    expect([(await inspect(large.body)).width, (await inspect(large.body)).height]).toEqual([1024, 768]);
    expect([(await inspect(small.body)).width, (await inspect(small.body)).height]).toEqual([256, 192]);

    const variants = [
      { key: "processed/a/b/cat.png/1024.jpg", width: 1024, height: 768, bytes: large.body.length, contentType: "image/jpeg" },
      { key: "processed/a/b/cat.png/256.jpg", width: 256, height: 192, bytes: small.body.length, contentType: "image/jpeg" },
    ];
    expect(aws.item("uploads/a/b/cat.png", source.etag)).toEqual({
      pk: "uploads/a/b/cat.png",
      sk: recordSortKey(source.etag, outputConfigId(deps.config)),
      status: "processed",
      bucket: BUCKET,
      key: "uploads/a/b/cat.png",
      etag: source.etag,
      configId: outputConfigId(deps.config),
      size: source.body.length,
      format: "png",
      width: 1600,
      height: 1200,
      variants,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      expiresAt: TTL,
      notification: "sent",
      messageId: "message-1",
    });
    expect(aws.published).toEqual([
      {
        TopicArn: TOPIC,
        Message: expect.any(String),
        MessageAttributes: { status: { DataType: "String", StringValue: "processed" } },
      },
    ]);
    expect(JSON.parse(aws.published[0].Message!)).toEqual({
      status: "processed",
      bucket: BUCKET,
      key: "uploads/a/b/cat.png",
      etag: source.etag,
      format: "png",
      width: 1600,
      height: 1200,
      variants,
      reason: null,
      errorCode: null,
      recordedAt: T0.toISOString(),
    });
    // The original is untouched.
    expect(aws.objects.get(`${BUCKET}/uploads/a/b/cat.png`)).toBe(source);
  });

  it("claims with a lease of the invocation's remaining time, and the TTL from RECORD_TTL_DAYS", async () => {
    const deps = makeDeps({ RECORD_TTL_DAYS: "7" });
    const source = aws.upload(BUCKET, "uploads/x.jpg", await makeJpeg(40, 30));
    aws.failNext("S3.GetObject", new Error("socket hang up")); // stop right after the claim
    await expect(handleEvent(deps, s3Event({ key: "uploads/x.jpg" }), lambdaContext("req-9", 45_000))).rejects.toThrow("socket hang up");
    const claimCall = aws.dynamodb.calls()[0].args[0].input as { Item: Record<string, unknown> };
    const { claimId, ...claim } = unmarshall(claimCall.Item as never);
    expect(claim).toEqual({
      pk: "uploads/x.jpg",
      sk: recordSortKey(source.etag, outputConfigId(deps.config)),
      status: "processing",
      bucket: BUCKET,
      key: "uploads/x.jpg",
      etag: source.etag,
      configId: outputConfigId(deps.config),
      size: source.body.length,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      expiresAt: Math.floor(T0.getTime() / 1000) + 7 * 86_400,
      leaseUntil: T0.getTime() + 45_000,
    });
    expect(claimId).toMatch(/^req-9\/[0-9a-f-]{36}$/);
  });

  it("decodes unicode and space-encoded keys, and writes ASCII metadata", async () => {
    const deps = makeDeps();
    const key = "uploads/fotos de gato/猫 🐈+1.jpg";
    aws.upload(BUCKET, key, await makeJpeg(300, 200));
    const summary = await handleEvent(deps, s3Event({ key: eventKey(key) }), lambdaContext());
    expect(summary.outcomes).toEqual({ [`${BUCKET}/${key}`]: "processed" });
    expect(aws.keys(`${BUCKET}/processed/`)).toEqual([`${BUCKET}/processed/fotos de gato/猫 🐈+1.jpg/1024.jpg`, `${BUCKET}/processed/fotos de gato/猫 🐈+1.jpg/256.jpg`]);
    const metadata = aws.objects.get(`${BUCKET}/processed/fotos de gato/猫 🐈+1.jpg/256.jpg`)!.input!.Metadata!;
    expect(metadata["source-key"]).toBe("uploads/fotos%20de%20gato/%E7%8C%AB%20%F0%9F%90%88+1.jpg");
    expect(decodeURI(metadata["source-key"])).toBe(key);
  });

  it("accepts a valid image with the wrong extension, by its bytes (PNG named .jpg)", async () => {
    const deps = makeDeps();
    const source = aws.upload(BUCKET, "uploads/photo.jpg", await makePng(64, 48, 128));
    await handleEvent(deps, s3Event({ key: "uploads/photo.jpg" }), lambdaContext());
    expect(aws.item("uploads/photo.jpg", source.etag)).toMatchObject({ status: "processed", format: "png" });
    // Translucent: kept as PNG.
    expect(aws.keys(`${BUCKET}/processed/`)).toEqual([`${BUCKET}/processed/photo.jpg/1024.png`, `${BUCKET}/processed/photo.jpg/256.png`]);
    expect(aws.objects.get(`${BUCKET}/processed/photo.jpg/256.png`)!.input!.ContentType).toBe("image/png");
  });

  it("applies EXIF orientation end to end", async () => {
    const deps = makeDeps();
    aws.upload(BUCKET, "uploads/rotated.jpg", fixture("orientation-6.jpg"));
    await handleEvent(deps, s3Event({ key: "uploads/rotated.jpg" }), lambdaContext());
    const out = await inspect(aws.objects.get(`${BUCKET}/processed/rotated.jpg/1024.jpg`)!.body);
    expect([out.width, out.height, isUpright(out)]).toEqual([32, 24, true]);
  });

  it("uses the configured prefixes, variants and quality", async () => {
    const deps = makeDeps({ UPLOAD_PREFIX: "in/", PROCESSED_PREFIX: "out/", VARIANTS: "640x480,100x100", JPEG_QUALITY: "50" });
    aws.upload(BUCKET, "in/p.jpg", await makeJpeg(1000, 1000));
    await handleEvent(deps, s3Event({ key: "in/p.jpg" }), lambdaContext());
    expect(aws.keys(`${BUCKET}/out/`)).toEqual([`${BUCKET}/out/p.jpg/100.jpg`, `${BUCKET}/out/p.jpg/640x480.jpg`]);
    const out = await inspect(aws.objects.get(`${BUCKET}/out/p.jpg/640x480.jpg`)!.body);
    expect([out.width, out.height]).toEqual([480, 480]);
  });
});

describe("bad uploads are recorded and announced as rejections", () => {
  const cases: Array<[string, () => Promise<Buffer> | Buffer, string]> = [
    ["zero bytes", () => Buffer.alloc(0), "EmptyFile"],
    ["a truncated JPEG", async () => (await makeJpeg(200, 150)).subarray(0, 1500), "Corrupt"],
    ["a truncated PNG", async () => (await makePng(200, 150)).subarray(0, 300), "Corrupt"],
    ["random bytes named .jpg", () => Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 251)), "UnsupportedFormat"],
    ["a text file", () => Buffer.from("hello, this is not an image\n"), "UnsupportedFormat"],
    ["an SVG", () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'), "UnsupportedFormat"],
    ["a PNG header claiming 60000x60000", () => pngHeaderOnly(60000, 60000), "TooManyPixels"],
    ["a JPEG SOF claiming 65500x65500", () => jpegSofOnly(65500, 65500), "TooManyPixels"],
  ];

  it.each(cases)("%s: rejected with its code, nothing written under processed/, the original kept", async (_name, make, code) => {
    const deps = makeDeps();
    const source = aws.upload(BUCKET, "uploads/bad.jpg", await make());
    const summary = await handleEvent(deps, s3Event({ key: "uploads/bad.jpg" }), lambdaContext());

    expect(summary.outcomes).toEqual({ [`${BUCKET}/uploads/bad.jpg`]: "rejected" });
    expect(aws.keys(`${BUCKET}/processed/`)).toEqual([]);
    expect(aws.calls.filter((c) => c === "S3.PutObject")).toEqual([]);
    expect(aws.objects.get(`${BUCKET}/uploads/bad.jpg`)).toBe(source);
    const record = aws.item("uploads/bad.jpg", source.etag)!;
    expect(record).toEqual({
      pk: "uploads/bad.jpg",
      sk: recordSortKey(source.etag, outputConfigId(deps.config)),
      status: "rejected",
      bucket: BUCKET,
      key: "uploads/bad.jpg",
      etag: source.etag,
      configId: outputConfigId(deps.config),
      size: source.body.length,
      variants: [],
      reason: expect.stringMatching(/^The (file|image|JPEG|PNG) .+\.$/),
      errorCode: code,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      expiresAt: TTL,
      notification: "sent",
      messageId: "message-1",
    });
    expect(aws.published.map((p) => p.MessageAttributes)).toEqual([{ status: { DataType: "String", StringValue: "rejected" } }]);
    expect(JSON.parse(aws.published[0].Message!)).toEqual({
      status: "rejected",
      bucket: BUCKET,
      key: "uploads/bad.jpg",
      etag: source.etag,
      format: null,
      width: null,
      height: null,
      variants: [],
      reason: record.reason,
      errorCode: code,
      recordedAt: T0.toISOString(),
    });
  });

  it("a file over the byte limit is rejected from HeadObject, without downloading it", async () => {
    const deps = makeDeps({ MAX_IMAGE_BYTES: "2048" });
    const source = aws.upload(BUCKET, "uploads/big.jpg", await makeJpeg(400, 400, 95));
    await handleEvent(deps, s3Event({ key: "uploads/big.jpg" }), lambdaContext());
    expect(aws.calls).not.toContain("S3.GetObject");
    expect(aws.item("uploads/big.jpg", source.etag)).toMatchObject({
      status: "rejected",
      errorCode: "TooLarge",
      reason: `The file is ${source.body.length} bytes, over the limit of 2048 bytes.`,
    });
  });

  it("decoding gets the invocation's remaining time: past it, the claim is released and the event retried, never a rejection", async () => {
    const deps = makeDeps();
    const source = aws.upload(BUCKET, "uploads/late.png", await makePng(200, 150));
    // Remaining time already spent (minus the write reserve): the deadline is in the past.
    await expect(handleEvent(deps, s3Event({ key: "uploads/late.png" }), lambdaContext("req-late", -10_000))).rejects.toMatchObject({ name: "DecodeTimeout" });
    expect(aws.item("uploads/late.png", source.etag)).toMatchObject({ status: "processing", leaseUntil: 0 });
    expect(aws.published).toEqual([]);
    // The next delivery, with the time a normal invocation has, processes the same bytes.
    const summary = await handleEvent(deps, s3Event({ key: "uploads/late.png" }), lambdaContext("req-next"));
    expect(summary.outcomes).toEqual({ [`${BUCKET}/uploads/late.png`]: "processed" });
  });

  it("the pixel limit is configurable (MAX_IMAGE_PIXELS)", async () => {
    const deps = makeDeps({ MAX_IMAGE_PIXELS: "10000" });
    const source = aws.upload(BUCKET, "uploads/p.jpg", await makeJpeg(200, 100));
    await handleEvent(deps, s3Event({ key: "uploads/p.jpg" }), lambdaContext());
    expect(aws.item("uploads/p.jpg", source.etag)).toMatchObject({ errorCode: "TooManyPixels", reason: "The image is 200x100 (20000 pixels), over the limit of 10000 pixels." });
  });
});

describe("events", () => {
  it.each([
    ["a processed/ key (the handler's own output)", "processed/a/cat.png/1024.jpg"],
    ["a key outside uploads/", "other/cat.png"],
    ["a folder placeholder (empty, key ending in /)", "uploads/folder/"],
  ])("ignores %s without calling AWS", async (_name, key) => {
    const summary = await handleEvent(makeDeps(), s3Event({ key, size: 0 }), lambdaContext());
    expect(summary).toEqual({ ignored: 1, outcomes: {} });
    expect(aws.calls).toEqual([]);
  });

  it("does nothing for an empty Records list", async () => {
    expect(await handleEvent(makeDeps(), { Records: [] }, lambdaContext())).toEqual({ ignored: 0, outcomes: {} });
    expect(aws.calls).toEqual([]);
  });

  it.each([
    ["null", null, "not an S3 event notification: expected an object with a Records array"],
    ["a string", "uploads/cat.png", "not an S3 event notification: expected an object with a Records array"],
    ["Records not a list", { Records: { s3: {} } }, "not an S3 event notification: expected an object with a Records array"],
    ["an API Gateway event", { httpMethod: "GET", path: "/" }, "not an S3 event notification: expected an object with a Records array"],
    ["the S3 test event", { Service: "Amazon S3", Event: "s3:TestEvent", Bucket: BUCKET }, "S3 test event (sent when a notification is configured): nothing to process"],
  ])("returns (never throws into a retry loop) for %s", async (_name, event, reason) => {
    expect(await handleEvent(makeDeps(), event, lambdaContext())).toEqual({ invalid: reason, ignored: 0, outcomes: {} });
    expect(aws.calls).toEqual([]);
  });

  it("ignores non-S3 and malformed records, and non-create S3 events", async () => {
    const event = {
      Records: [
        { eventSource: "aws:sqs", body: "{}" },
        { eventSource: "aws:s3", eventName: "ObjectRemoved:Delete", s3: { bucket: { name: BUCKET }, object: { key: "uploads/a.png" } } },
        { eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: BUCKET } } },
        { eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: BUCKET }, object: { key: "uploads/%E7%8C.png" } } },
        42,
      ],
    };
    expect(await handleEvent(makeDeps(), event, lambdaContext())).toEqual({ ignored: 5, outcomes: {} });
    expect(aws.calls).toEqual([]);
  });

  it("handles a mix of good, bad, ignored and vanished records in one event, each on its own", async () => {
    const deps = makeDeps();
    const good = aws.upload(BUCKET, "uploads/good.jpg", await makeJpeg(50, 40));
    const bad = aws.upload(BUCKET, "uploads/bad.png", Buffer.from("not a png"));
    const event = s3Event(
      { key: "uploads/good.jpg" },
      { key: "uploads/bad.png" },
      { key: "processed/good.jpg/256.jpg" },
      { key: "uploads/gone.jpg", eventName: "ObjectCreated:CompleteMultipartUpload" },
    );

    const summary = await handleEvent(deps, event, lambdaContext());

    expect(summary).toEqual({
      ignored: 1,
      outcomes: { [`${BUCKET}/uploads/good.jpg`]: "processed", [`${BUCKET}/uploads/bad.png`]: "rejected", [`${BUCKET}/uploads/gone.jpg`]: "missing" },
    });
    expect(aws.item("uploads/good.jpg", good.etag)).toMatchObject({ status: "processed" });
    expect(aws.item("uploads/bad.png", bad.etag)).toMatchObject({ status: "rejected", errorCode: "UnsupportedFormat" });
    expect(aws.published.map((p) => p.MessageAttributes!.status.StringValue)).toEqual(["processed", "rejected"]);
  });

  it("keys the record by the object's current ETag (HeadObject), not the event's", async () => {
    const deps = makeDeps();
    const body = await makeJpeg(20, 20);
    aws.upload(BUCKET, "uploads/e.jpg", body);
    await handleEvent(deps, s3Event({ key: "uploads/e.jpg" }), lambdaContext());
    expect(aws.item("uploads/e.jpg", md5(body))).toMatchObject({ status: "processed", etag: md5(body) });
  });
});
