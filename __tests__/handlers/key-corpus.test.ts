/**
 * The independently written corpus of S3 keys, output-key collisions and injected errors
 * (__tests__/fixtures/key-corpus, README there), through the real handler modules: handleEvent,
 * the real event parsing, key mapping, image core and error classification, with the fake AWS of
 * support/fake-aws.ts (S3's key, metadata and header limits applied). Proves what the handler asks
 * S3, DynamoDB and SNS for and how it reacts to their errors, not what AWS itself does (the moto
 * suite runs the long, dot-segment and CJK keys against a real S3 implementation).
 *
 * KEY_CORPUS_REPORT=<file> writes the figures (docs/handler.md quotes them).
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import * as jpegDecoder from "../../handlers/image/jpeg/decode";
import { sourceKeyOf } from "../../handlers/keys";
import { FakeAws } from "./support/fake-aws";
import { BUCKET, makeDeps } from "./support/deps";
import { makeJpeg, pngFile, pngHeaderOnly, pngWithIdat } from "./support/images";
import { attempt, collisionCases, corpusError, errorCases, keyCases, outputViolations, putsSince, type ErrorCase } from "./support/key-corpus";

jest.setTimeout(120_000);

/** How the stored source key is read back from an output's metadata (docs/handler.md, "Output layout"). */
const storedSourceKey = (metadata: Record<string, string>) => sourceKeyOf(metadata);

const report: Record<string, unknown> = {};
afterAll(() => {
  if (process.env.KEY_CORPUS_REPORT) writeFileSync(process.env.KEY_CORPUS_REPORT, `${JSON.stringify(report, null, 2)}\n`);
});

let stub: Buffer;
beforeAll(async () => {
  stub = await makeJpeg(2, 2);
});

const recordsOf = (aws: FakeAws) => [...aws.items.values()].map((raw) => unmarshall(raw));

type KeyVerdict = "processed" | "rejected" | "ignored" | "invalid" | "loop" | "retried" | "outside-ok" | "outside-touched" | "other";

async function judgeKey(key: string, inUploads: boolean): Promise<{ verdict: KeyVerdict; detail?: string }> {
  const aws = new FakeAws();
  try {
    const deps = makeDeps();
    aws.upload(BUCKET, key, stub);
    const first = await attempt(deps, key, stub.length, "req-1");
    const puts = putsSince(aws, 0);
    const second = await attempt(deps, key, stub.length, "req-2");
    const records = recordsOf(aws);
    if (!inUploads) {
      const touched = aws.calls.length > 0 || records.length > 0 || !first.ok;
      return { verdict: touched ? "outside-touched" : "outside-ok", detail: aws.calls.join(",") };
    }
    if (!first.ok && !second.ok) return { verdict: "loop", detail: String((first.error as Error).name) };
    if (!first.ok) return { verdict: "retried", detail: String((first.error as Error).name) };
    const record = records[0];
    if (record?.status === "processed") {
      const problems = [...new Set(puts.flatMap((put) => outputViolations(key, put, storedSourceKey)))];
      if (record.key !== key) problems.push("record names another key");
      if (new Set(puts.map((p) => p.Key)).size !== puts.length) problems.push("variants share a key");
      return problems.length === 0 ? { verdict: "processed" } : { verdict: "invalid", detail: problems.join("; ") };
    }
    if (record?.status === "rejected") return { verdict: "rejected", detail: String(record.errorCode) };
    if (!record && first.ignored > 0) return { verdict: "ignored" };
    return { verdict: "other", detail: JSON.stringify({ first, records }) };
  } finally {
    aws.restore();
  }
}

describe("every key of the corpus is processed with valid outputs or refused, never looped", () => {
  const verdicts = new Map<string, { verdict: KeyVerdict; detail?: string }>();
  beforeAll(async () => {
    for (const c of keyCases()) verdicts.set(c.key, await judgeKey(c.key, c.inUploads));
    const counts: Record<string, number> = {};
    for (const v of verdicts.values()) counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
    report.keys = {
      total: verdicts.size,
      counts,
      failing: [...verdicts]
        .filter(([, v]) => !["processed", "rejected", "ignored", "outside-ok"].includes(v.verdict))
        .map(([k, v]) => ({ key: k.slice(0, 80), bytes: Buffer.byteLength(k), ...v })),
    };
  });

  it.each(keyCases().map((c, i) => [i, c.why, c.key, c.inUploads] as const))("key %i (%s)", (_i, _why, key, inUploads) => {
    const { verdict, detail } = verdicts.get(key)!;
    if (inUploads) expect({ verdict, detail }).toEqual(expect.objectContaining({ verdict: expect.stringMatching(/^(processed|rejected|ignored)$/) }));
    else expect({ verdict, detail }).toEqual(expect.objectContaining({ verdict: "outside-ok" }));
  });
});

describe("no two source keys of the collision corpus share an output", () => {
  const owners = new Map<string, Set<string>>();
  const problems = new Map<string, string>();
  beforeAll(async () => {
    const aws = new FakeAws();
    try {
      const deps = makeDeps();
      const all = [...new Set(collisionCases().flatMap((c) => c.keys))];
      for (const [index, key] of all.entries()) {
        const body = Buffer.concat([stub, Buffer.from(`source ${index}`)]); // distinct bytes, so an overwrite is visible
        aws.upload(BUCKET, key, body);
        const from = aws.s3.commandCalls((await import("@aws-sdk/client-s3")).PutObjectCommand).length;
        const first = await attempt(deps, key, body.length, `req-${index}-1`);
        const second = await attempt(deps, key, body.length, `req-${index}-2`);
        if (!first.ok && !second.ok) problems.set(key, `loop: ${(first.error as Error).name}`);
        for (const put of putsSince(aws, from)) {
          owners.set(put.Key!, (owners.get(put.Key!) ?? new Set()).add(key));
          if (storedSourceKey(put.Metadata ?? {}) !== key) problems.set(key, "stored source key does not decode back");
        }
      }
    } finally {
      aws.restore();
    }
    const shared = [...owners].filter(([, sources]) => sources.size > 1);
    const groups = collisionCases().filter((c) => shared.some(([, sources]) => c.keys.filter((k) => sources.has(k)).length > 1));
    report.collisions = {
      groups: collisionCases().length,
      sources: new Set(collisionCases().flatMap((c) => c.keys)).size,
      groupsWithSharedOutput: groups.length,
      sharedOutputs: shared.length,
      examples: shared.slice(0, 5).map(([output, sources]) => ({ output: output.slice(0, 80), sources: [...sources].map((s) => s.slice(0, 60)) })),
      problems: problems.size,
    };
  });

  it.each(collisionCases().map((c, i) => [i, c.why, c.keys] as const))("group %i (%s)", (_i, _why, keys) => {
    const sharing = [...owners].filter(([, sources]) => keys.filter((k) => sources.has(k)).length > 1).map(([output]) => output);
    expect(sharing).toEqual([]);
    expect(keys.map((k) => problems.get(k)).filter(Boolean)).toEqual([]);
  });
});

// ---- errors -------------------------------------------------------------------------------------

const ERROR_KEY = "uploads/errors/cat.jpg";

type Injection =
  | { readonly kind: "call"; readonly operation: string }
  | { readonly kind: "decoder" }
  | { readonly kind: "deadline" }
  | { readonly kind: "image"; readonly body: () => Promise<Buffer>; readonly env?: Record<string, string> }
  | { readonly kind: "none"; readonly reason: string };

/** Where the corpus's `during` lands in this handler (it calls KMS only through S3). */
function injectionFor(row: ErrorCase): Injection {
  const d = row.during;
  if (row.service === "runtime") {
    switch (row.error.name) {
      case "TimeBudgetExceeded":
        return { kind: "deadline" };
      case "AbortError":
        return { kind: "call", operation: "S3.PutObject" };
      case "CredentialsProviderError":
        return { kind: "call", operation: "S3.HeadObject" };
      case "RangeError":
      case "Error":
        return { kind: "decoder" };
      case "DecodeBudgetExceeded":
        return { kind: "image", body: async () => pngHeaderOnly(60000, 60000) };
      case "MemoryBudgetExceeded":
        return { kind: "image", body: async () => pngFile({ width: 6000, height: 5000, depth: 16, colourType: 6 }, deflateSync(Buffer.alloc(16))) };
      case "DecompressionBomb":
        return { kind: "image", body: async () => pngWithIdat(2, 2, deflateSync(Buffer.alloc(8_000_000)), 0) };
      case "CorruptImage":
        return { kind: "image", body: async () => (await makeJpeg(300, 200)).subarray(0, 600) };
      case "UnsupportedFormat":
        return { kind: "image", body: async () => Buffer.from("just some text, not an image\n") };
      case "ImageTooLarge":
        return { kind: "image", body: () => makeJpeg(300, 200), env: { MAX_IMAGE_BYTES: "1024" } };
      case "EmptyObject":
        return { kind: "image", body: async () => Buffer.alloc(0) };
    }
  }
  if (/If-None-Match/.test(d)) return { kind: "none", reason: "the handler never writes with If-None-Match" };
  if (/TransactWriteItems/.test(d)) return { kind: "none", reason: "the handler makes no transactional writes" };
  if (/with Range/.test(d)) return { kind: "none", reason: "the handler never reads with a Range (no 416 can come back)" };
  if (/^HeadObject/.test(d)) return { kind: "call", operation: "S3.HeadObject" };
  if (/^GetObject/.test(d) || (row.service === "kms" && /Decrypt/.test(d))) return { kind: "call", operation: "S3.GetObject" };
  if (/^PutObject/.test(d) || /GenerateDataKey/.test(d)) return { kind: "call", operation: "S3.PutObject" };
  if (/^PutItem/.test(d)) return { kind: "call", operation: "DynamoDB.PutItem" };
  if (/^Publish/.test(d)) return { kind: "call", operation: "SNS.Publish" };
  throw new Error(`no injection point for ${row.service} ${row.error.name} during ${d}`);
}

type Observed = "permanent" | "transient" | "transient-not-recovered" | "not-applicable";

async function observe(row: ErrorCase): Promise<{ observed: Observed; detail?: string }> {
  const injection = injectionFor(row);
  if (injection.kind === "none") return { observed: "not-applicable", detail: injection.reason };
  const aws = new FakeAws();
  const spy =
    injection.kind === "decoder"
      ? jest.spyOn(jpegDecoder, "decodeJpeg").mockImplementationOnce(() => {
          throw corpusError(row.error);
        })
      : undefined;
  try {
    const deps = makeDeps(injection.kind === "image" ? injection.env : {});
    const body = injection.kind === "image" ? await injection.body() : await makeJpeg(injection.kind === "deadline" ? 1600 : 64, injection.kind === "deadline" ? 1200 : 48);
    aws.upload(BUCKET, ERROR_KEY, body);
    if (injection.kind === "call") aws.failNext(injection.operation, corpusError(row.error));
    const first = await attempt(deps, ERROR_KEY, body.length, "req-1", injection.kind === "deadline" ? 1 : 60_000);
    if (first.ok) {
      const record = recordsOf(aws)[0];
      return { observed: "permanent", detail: record ? `${String(record.status)} ${String(record.errorCode ?? "")}` : String(first.outcome) };
    }
    spy?.mockRestore();
    const second = await attempt(deps, ERROR_KEY, body.length, "req-2");
    const record = recordsOf(aws)[0];
    return second.ok && record?.status === "processed" && record.notification === "sent"
      ? { observed: "transient" }
      : { observed: "transient-not-recovered", detail: `${String(record?.status)} ${second.ok ? "" : (second.error as Error).name}` };
  } finally {
    spy?.mockRestore();
    aws.restore();
  }
}

/**
 * Where this handler's table (handlers/error-classes.ts) disagrees with the corpus, and why. The
 * corpus's own expectation stays in the file; these rows are held to the documented class instead.
 */
const CONFIGURATION_FAULT =
  "a configuration fault (policy, key state, missing resource) is not a verdict on the image: thrown, the event reaches the failure queue and its alarm, and the replay after the operator's fix processes it; recorded as permanent, that replay would meet a final record and count a duplicate";
const DISAGREEMENTS: ReadonlyArray<{ readonly match: (row: ErrorCase) => boolean; readonly expected: "transient"; readonly why: string }> = [
  {
    match: (r) =>
      ["AccessDenied", "Forbidden", "NoSuchBucket", "KMS.DisabledException", "KMS.KMSInvalidStateException", "KMS.NotFoundException"].includes(r.error.name) ||
      (r.error.name === "Unknown" && r.error.$metadata?.httpStatusCode === 403),
    expected: "transient",
    why: CONFIGURATION_FAULT,
  },
  { match: (r) => r.service === "kms" && r.expect === "permanent", expected: "transient", why: `${CONFIGURATION_FAULT} (the handler meets KMS only through S3)` },
  { match: (r) => r.service === "dynamodb" && ["ResourceNotFoundException", "AccessDeniedException"].includes(r.error.name), expected: "transient", why: CONFIGURATION_FAULT },
  {
    match: (r) => r.service === "sns" && r.expect === "permanent",
    expected: "transient",
    why: "the record is already final with its notification pending: thrown, the retry or the replay publishes it; as permanent, the announcement would be dropped",
  },
  {
    match: (r) => r.error.name === "InvalidObjectState",
    expected: "transient",
    why: "an archived object is restored by an operator, then replayed; the image itself was not judged",
  },
  {
    match: (r) => r.error.name === "InvalidRequest",
    expected: "transient",
    why: "the bucket policy refuses uploads without SSE-KMS, so an SSE-C object reaching the handler is a policy fault, handled as configuration",
  },
  { match: (r) => r.error.name === "InvalidArgument", expected: "transient", why: "on PutObject its usual cause is the function's own SSE-KMS settings: configuration" },
  {
    match: (r) => ["ValidationException", "ItemCollectionSizeLimitExceededException"].includes(r.error.name),
    expected: "transient",
    why: "the handler's own request (keys are at most 1,024 bytes, the table has no LSI), so a defect: to the failure queue; a DynamoDB write that fails cannot record a rejection anyway",
  },
];

const documentedClass = (row: ErrorCase) => DISAGREEMENTS.find((d) => d.match(row))?.expected ?? row.expect;

describe("every error of the corpus is classified as permanent or transient", () => {
  const rows = errorCases();
  const observed = new Map<number, { observed: Observed; detail?: string }>();
  beforeAll(async () => {
    for (const [i, row] of rows.entries()) observed.set(i, await observe(row));
    const misclassified = rows.map((row, i) => ({ i, row, o: observed.get(i)! })).filter(({ row, o }) => o.observed !== "not-applicable" && o.observed !== row.expect);
    report.errors = {
      total: rows.length,
      notApplicable: [...observed.values()].filter((o) => o.observed === "not-applicable").length,
      misclassified: misclassified.length,
      disagreements: rows.filter((row) => documentedClass(row) !== row.expect).length,
      offTable: rows.filter((row, i) => observed.get(i)!.observed !== "not-applicable" && observed.get(i)!.observed !== documentedClass(row)).length,
      rows: misclassified.map(({ i, row, o }) => ({ i, service: row.service, name: row.error.name, during: row.during, expect: row.expect, ...o })),
    };
  });

  it.each(rows.map((row, i) => [i, row.service, row.error.name, row.during, documentedClass(row)] as const))("error %i: %s %s during %s is %s", (i, _s, _n, _d, expected) => {
    const { observed: got, detail } = observed.get(i)!;
    if (got === "not-applicable") return;
    expect({ got, detail }).toEqual(expect.objectContaining({ got: expected }));
  });

  it("the not-applicable rows are exactly the calls this handler never makes", () => {
    expect(rows.filter((_, i) => observed.get(i)!.observed === "not-applicable").map((r) => `${r.service} ${r.error.name} during ${r.during}`)).toEqual([
      "s3 ConditionalRequestConflict during PutObject with If-None-Match",
      "s3 PreconditionFailed during PutObject with If-None-Match: *",
      "s3 InvalidRange during GetObject with Range (header sniff)",
      "dynamodb TransactionCanceledException during TransactWriteItems",
      "dynamodb TransactionCanceledException during TransactWriteItems",
    ]);
  });
});
