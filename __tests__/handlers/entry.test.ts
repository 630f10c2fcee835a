/**
 * The real entry (handlers/index.ts) as Lambda loads it: configuration from the environment,
 * clients made once per container, Powertools JSON logs and EMF metrics on stdout.
 */
import { createClients } from "../../handlers/aws/clients";
import type * as Entry from "../../handlers/index";
import { FakeAws, lambdaContext, s3Event } from "./support/fake-aws";
import { BUCKET, baseEnv } from "./support/deps";
import { makeJpeg } from "./support/images";

// Real image work on a shared 2-core machine: jest's 5 s default is too tight under load.
jest.setTimeout(30_000);

const ENV = {
  ...baseEnv,
  AWS_REGION: "us-east-1",
  POWERTOOLS_SERVICE_NAME: "image-processor",
  POWERTOOLS_METRICS_NAMESPACE: "ImagePipeline",
  POWERTOOLS_LOG_LEVEL: "INFO",
};
const saved = { ...process.env };
let aws: FakeAws;
let output: string[];

function setEnv(env: Record<string, string | undefined>): void {
  for (const key of ["POWERTOOLS_DEV", "POWERTOOLS_METRICS_DISABLED", ...Object.keys(ENV)]) delete process.env[key];
  Object.assign(process.env, env);
}

/**
 * The entry in this file's module registry, so aws-sdk-client-mock (which patches this
 * registry's client classes) intercepts its clients. Loaded once, like a container.
 */
let shared: typeof Entry | undefined;
function entry(): typeof Entry {
  setEnv(ENV);
  shared ??= require("../../handlers/index") as typeof Entry;
  return shared;
}

/** Everything the process printed, one JSON document per line (Powertools writes one per call). */
function printed(): Array<Record<string, unknown>> {
  return output
    .join("")
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeEach(() => {
  aws = new FakeAws();
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => {
  jest.restoreAllMocks();
  aws.restore();
  process.env = { ...saved };
});

it("processes an upload and logs JSON with the request id and object key, never the image bytes", async () => {
  const { handler } = entry();
  const image = await makeJpeg(200, 100);
  aws.upload(BUCKET, "uploads/logged.jpg", image);
  const summary = await handler(s3Event({ key: "uploads/logged.jpg" }), lambdaContext("req-entry"));
  expect(summary).toMatchObject({ outcomes: { [`${BUCKET}/uploads/logged.jpg`]: "processed" } });

  const logs = printed().filter((line) => "level" in line);
  const processed = logs.find((line) => line.message === "Upload processed")!;
  expect(processed).toMatchObject({
    level: "INFO",
    service: "image-processor",
    function_request_id: "req-entry",
    objectKey: "uploads/logged.jpg",
    bucket: BUCKET,
    variants: ["processed/logged.jpg/1024.jpg", "processed/logged.jpg/256.jpg"],
  });
  const everything = output.join("");
  expect(everything).not.toContain(image.toString("base64").slice(0, 64));
  expect(everything.length).toBeLessThan(20_000);
});

it("publishes EMF metrics per invocation: processed and rejected counts, duration", async () => {
  const { handler } = entry();
  aws.upload(BUCKET, "uploads/m1.jpg", await makeJpeg(40, 40));
  aws.upload(BUCKET, "uploads/m2.jpg", Buffer.from("not an image"));
  await handler(s3Event({ key: "uploads/m1.jpg" }, { key: "uploads/m2.jpg" }, { key: "processed/m1.jpg/256.jpg" }), lambdaContext("req-metrics"));
  const emf = printed().filter((line) => "_aws" in line);
  expect(emf).toHaveLength(1);
  const [metrics] = emf;
  const directive = (metrics._aws as { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> })
    .CloudWatchMetrics[0];
  expect(directive.Namespace).toBe("ImagePipeline");
  expect(directive.Dimensions).toEqual([["service"]]);
  expect(directive.Metrics.map((m) => [m.Name, m.Unit]).sort()).toEqual([
    ["IgnoredRecords", "Count"],
    ["ImagesProcessed", "Count"],
    ["ImagesRejected", "Count"],
    ["ProcessingTime", "Milliseconds"],
  ]);
  expect([metrics.service, metrics.ImagesProcessed, metrics.ImagesRejected, metrics.IgnoredRecords]).toEqual(["image-processor", 1, 1, 1]);
  const rejected = printed().find((line) => line.message === "Upload rejected")!;
  expect(rejected).toMatchObject({ level: "WARN", objectKey: "uploads/m2.jpg", errorCode: "UnsupportedFormat", function_request_id: "req-metrics" });
});

it("counts duplicate deliveries, and prints nothing for an empty event", async () => {
  const { handler } = entry();
  aws.upload(BUCKET, "uploads/d.jpg", await makeJpeg(20, 20));
  await handler(s3Event({ key: "uploads/d.jpg" }), lambdaContext("req-d1"));
  output.length = 0;
  await handler(s3Event({ key: "uploads/d.jpg" }), lambdaContext("req-d2"));
  const [emf] = printed().filter((line) => "_aws" in line);
  expect([emf.DuplicateEvents, emf.ImagesProcessed]).toEqual([1, undefined]);

  output.length = 0;
  await handler({ Records: [] }, lambdaContext("req-empty"));
  expect(printed().filter((line) => "_aws" in line || line.level === "WARN")).toEqual([]);
});

it("creates its AWS clients once per container, not per invocation", async () => {
  const { handler } = entry();
  aws.upload(BUCKET, "uploads/c.jpg", await makeJpeg(20, 20));
  await handler(s3Event({ key: "uploads/c.jpg" }), lambdaContext("req-a"));
  await handler(s3Event({ key: "uploads/c.jpg" }), lambdaContext("req-b"));
  const heads = aws.s3.calls().filter((call) => call.args[0].constructor.name === "HeadObjectCommand");
  expect(heads).toHaveLength(2);
  expect(heads[0].thisValue).toBe(heads[1].thisValue);
});

it("fails every invocation with an error naming the bad variable, and logs it", async () => {
  setEnv({ ...ENV, TOPIC_ARN: undefined });
  let isolated: typeof Entry | undefined;
  jest.isolateModules(() => {
    isolated = require("../../handlers/index") as typeof Entry;
  });
  await expect(isolated!.handler(s3Event({ key: "uploads/x.jpg" }), lambdaContext())).rejects.toThrow("Invalid configuration: TOPIC_ARN is required but not set");
  expect(printed().find((line) => line.message === "Handler configuration is invalid")).toMatchObject({ level: "ERROR" });
});

it("uses path-style S3 URLs when a custom endpoint is set (moto), virtual-hosted otherwise", async () => {
  const custom = createClients({ AWS_ENDPOINT_URL: "http://127.0.0.1:5000", AWS_REGION: "us-east-1" });
  const onAws = createClients({ AWS_REGION: "us-east-1" });
  expect([custom.s3.config.forcePathStyle, onAws.s3.config.forcePathStyle]).toEqual([true, false]);
});
