/**
 * The malware-scan gate's event path: GuardDuty Malware Protection for S3 scan results (the
 * EventBridge "GuardDuty Malware Protection Object Scan Result" event), validated, and the handler
 * processing only a clean result, recording it with the upload. The blind cases
 * (__tests__/fixtures/blind/scan-events.json) were written from AWS's documentation by someone who
 * never read this code; they are kept as written, and the tally is in docs/flows.md.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { handleEvent } from "../../handlers/app";
import { loadConfig } from "../../handlers/config";
import { parseScanResultEvent, parseUploadEvent, SCAN_OUTCOMES, SCAN_RESULT_DETAIL_TYPE } from "../../handlers/scan-events";
import blind from "../fixtures/blind/scan-events.json";
import { BUCKET, baseEnv, makeDeps } from "./support/deps";
import { FakeAws, lambdaContext, s3Event } from "./support/fake-aws";
import { makePng } from "./support/images";

jest.setTimeout(30_000);

/** A scan result as GuardDuty publishes it (the documented sample, with this stack's names). */
function scanEvent(key: string, scanStatus: string, scanResultStatus: string, threats: { name: string }[] | null = null, bucket = BUCKET) {
  return {
    version: "0",
    id: "72c7d362-737a-6dce-fc78-9e27a0171419",
    "detail-type": SCAN_RESULT_DETAIL_TYPE,
    source: "aws.guardduty",
    account: "123456789012",
    time: "2026-12-08T02:00:00Z",
    region: "us-east-1",
    resources: ["arn:aws:guardduty:us-east-1:123456789012:malware-protection-plan/b4c7f464ab3a4EXAMPLE"],
    detail: {
      schemaVersion: "1.0",
      scanStatus,
      resourceType: "S3_OBJECT",
      s3ObjectDetails: { bucketName: bucket, objectKey: key, eTag: "0", versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", s3Throttled: false },
      scanResultDetails: { scanResultStatus, threats },
    },
  };
}

const GATED = { uploadPrefix: "uploads/", malwareScanBucket: BUCKET };

describe("the blind cases", () => {
  const config = { uploadPrefix: "uploads/", malwareScanBucket: "images-bucket-dev" };
  const verdict = (event: unknown): { expect: string; key?: string } => {
    const parsed = parseUploadEvent(event, config);
    if (parsed.kind === "invalid") return { expect: "reject-malformed" };
    if (parsed.uploads.length === 1 && parsed.ignored.length === 0) return { expect: "process", key: parsed.uploads[0].key };
    const refused = "verdict" in (parsed.ignored[0] ?? {}) ? (parsed.ignored[0] as { verdict: string }).verdict : "?";
    return { expect: `skip-${refused}` };
  };
  it.each(blind.map((c, index) => ({ index, ...c })))("case $index: $expect ($why)", (c) => {
    const got = verdict(c.event);
    expect(got.expect).toBe(c.expect);
    // The exact key: never a decoded form of it.
    if (c.expect === "process") expect(got.key).toBe((c as { processKey?: string }).processKey);
  });
});

describe("parseScanResultEvent", () => {
  it("maps exactly the documented status pairs; any other pair, or any other string, is invalid", () => {
    const outcomes = Object.entries(SCAN_OUTCOMES).flatMap(([status, results]) => Object.entries(results).map(([result, outcome]) => `${status}/${result}:${outcome}`));
    expect(outcomes).toEqual([
      "COMPLETED/NO_THREATS_FOUND:clean",
      "COMPLETED/THREATS_FOUND:infected",
      "SKIPPED/UNSUPPORTED:unscannable",
      "SKIPPED/ACCESS_DENIED:unscannable",
      "FAILED/FAILED:unscannable",
    ]);
    const values = fc.constantFrom("COMPLETED", "SKIPPED", "FAILED", "NO_THREATS_FOUND", "THREATS_FOUND", "UNSUPPORTED", "ACCESS_DENIED", "completed", "CLEAN", "");
    fc.assert(
      fc.property(values, values, (status, result) => {
        const parsed = parseScanResultEvent(scanEvent("uploads/x.png", status, result), { bucket: BUCKET, uploadPrefix: "uploads/" });
        const documented = SCAN_OUTCOMES[status]?.[result];
        if (documented === undefined) return parsed.kind === "invalid";
        if (documented === "clean") return parsed.kind === "scan" && parsed.uploads.length === 1;
        return parsed.kind === "scan" && parsed.uploads.length === 0 && parsed.ignored[0].verdict === documented;
      }),
    );
  });

  it("never throws and never processes for any JSON value in place of any field", () => {
    const paths = [
      ["source"],
      ["detail-type"],
      ["detail"],
      ["detail", "scanStatus"],
      ["detail", "resourceType"],
      ["detail", "s3ObjectDetails"],
      ["detail", "s3ObjectDetails", "bucketName"],
      ["detail", "s3ObjectDetails", "objectKey"],
      ["detail", "scanResultDetails"],
      ["detail", "scanResultDetails", "scanResultStatus"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const event = scanEvent("uploads/x.png", "COMPLETED", "NO_THREATS_FOUND") as Record<string, unknown>;
        let parent = event;
        for (const name of path.slice(0, -1)) parent = parent[name] as Record<string, unknown>;
        parent[path[path.length - 1]] = value;
        const parsed = parseScanResultEvent(event, { bucket: BUCKET, uploadPrefix: "uploads/" });
        // Only the original value may still process.
        const original = path.reduce<unknown>((o, n) => (o as Record<string, unknown>)[n], scanEvent("uploads/x.png", "COMPLETED", "NO_THREATS_FOUND"));
        return parsed.kind === "invalid" || parsed.uploads.length === 0 || JSON.stringify(value) === JSON.stringify(original);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses S3 notifications with the gate on, and scan results with it off", () => {
    expect(parseUploadEvent(s3Event({ key: "uploads/x.png" }), GATED)).toEqual({ kind: "invalid", reason: expect.stringMatching(/only from their GuardDuty scan result/) });
    expect(parseUploadEvent(scanEvent("uploads/x.png", "COMPLETED", "NO_THREATS_FOUND"), { uploadPrefix: "uploads/" })).toEqual({
      kind: "invalid",
      reason: expect.stringMatching(/gate is off/),
    });
    expect(parseUploadEvent(s3Event({ key: "uploads/x.png" }), { uploadPrefix: "uploads/" })).toMatchObject({ kind: "s3", uploads: [{ key: "uploads/x.png" }] });
  });

  it("reads MALWARE_SCAN_BUCKET, and refuses a value that is no bucket name", () => {
    expect(loadConfig({ ...baseEnv, MALWARE_SCAN_BUCKET: "images-bucket-dev" }).malwareScanBucket).toBe("images-bucket-dev");
    expect(loadConfig(baseEnv).malwareScanBucket).toBeUndefined();
    expect(() => loadConfig({ ...baseEnv, MALWARE_SCAN_BUCKET: "Images_Bucket" })).toThrow(/MALWARE_SCAN_BUCKET must be an S3 bucket name/);
  });
});

describe("the handler behind the gate", () => {
  let aws: FakeAws;
  beforeEach(() => {
    aws = new FakeAws();
  });
  afterEach(() => aws.restore());

  it("processes a clean result and records the scan with the upload", async () => {
    const deps = makeDeps({ MALWARE_SCAN_BUCKET: BUCKET });
    aws.upload(BUCKET, "uploads/scan/cat 1+2.png", await makePng(400, 300));
    const summary = await handleEvent(deps, scanEvent("uploads/scan/cat 1+2.png", "COMPLETED", "NO_THREATS_FOUND"), lambdaContext());
    expect(summary).toEqual({ ignored: 0, outcomes: { [`${BUCKET}/uploads/scan/cat 1+2.png`]: "processed" } });
    const [record] = aws.records("uploads/scan/cat 1+2.png");
    expect(record).toMatchObject({
      status: "processed",
      malwareScan: {
        result: "NO_THREATS_FOUND",
        scannedAt: "2026-12-08T02:00:00Z",
        planArn: expect.stringMatching(/:malware-protection-plan\//),
        versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
      },
    });
    expect(unmarshall(aws.items.values().next().value!).malwareScan).toBeDefined();
  });

  it.each([
    ["infected", "COMPLETED", "THREATS_FOUND", [{ name: "EICAR-Test-File (not a virus)" }]],
    ["unsupported", "SKIPPED", "UNSUPPORTED", null],
    ["access denied", "SKIPPED", "ACCESS_DENIED", null],
    ["failed", "FAILED", "FAILED", null],
  ])("never reads, processes or records an object whose scan was %s", async (_name, status, result, threats) => {
    const deps = makeDeps({ MALWARE_SCAN_BUCKET: BUCKET });
    aws.upload(BUCKET, "uploads/scan/bad.png", await makePng(40, 30));
    const summary = await handleEvent(deps, scanEvent("uploads/scan/bad.png", status as string, result as string, threats as { name: string }[] | null), lambdaContext());
    expect(summary).toEqual({ ignored: 1, outcomes: {} });
    expect(aws.calls).toEqual([]);
  });

  it("ignores an S3 notification with the gate on: nothing is read", async () => {
    const deps = makeDeps({ MALWARE_SCAN_BUCKET: BUCKET });
    aws.upload(BUCKET, "uploads/scan/direct.png", await makePng(40, 30));
    const summary = await handleEvent(deps, s3Event({ key: "uploads/scan/direct.png" }), lambdaContext());
    expect(summary.invalid).toMatch(/only from their GuardDuty scan result/);
    expect(aws.calls).toEqual([]);
  });
});
