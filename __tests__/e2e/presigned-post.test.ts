/**
 * Uploads through a presigned POST form on moto: the form issued by `npm run presign` (signed as
 * the stack's uploader role, assumed through STS) is posted as a browser would, the object lands
 * under uploads/ SSE-KMS with the data key, and the packaged Lambda processes it from moto's event.
 *
 * Emulator limit, read in moto 5.2.5 (moto/s3/responses.py `_bucket_response_post`): a form POST
 * is stored without reading the policy, the signature or the expiry, and the form's SSE fields are
 * not applied (the object gets the bucket's default SSE-KMS). So moto cannot refuse an oversize
 * file, another content type, another key or an expired form; the last test shows it does not.
 * Those refusals are proven by the signed policy's exact conditions judged by an S3 POST model
 * (__tests__/client), and the refusal of any other key or encryption by the uploader role and the
 * bucket policy through the flow proof (docs/flows.md: uploader rows).
 *
 * The malware-scan path: moto runs no GuardDuty and no EventBridge rules, so the test delivers the
 * scan result as the `upload-scan-clean` rule would (the documented event shape, this object's
 * ETag and version) to the same packaged archive started with MALWARE_SCAN_BUCKET; the tag-based
 * bucket refusals are proven by the flow proof (rows malware-scan.*), not here.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { decodePostPolicy, type UploadForm } from "../../client/upload-form";
import { deployToMoto, type Deployment } from "./support/deploy";
import { jpegWithExif } from "./support/images";
import { motoEndpoint, REGION, SETUP_CREDENTIALS } from "./support/moto";
import { listKeys, objectHead, recordsFor } from "./support/observe";
import { PackagedHandler } from "./support/packaged-handler";
import { drainQueue, s3EventsFrom } from "./support/queues";

jest.setTimeout(120_000);

let d: Deployment;
let outputsFile: string;

beforeAll(async () => {
  d = await deployToMoto();
  outputsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "presign-")), "outputs.json");
  // What `pulumi stack output --json` prints for the stack, with moto's names.
  const outputs = {
    bucketName: d.moto.bucketName,
    keyArn: d.moto.keyArn,
    uploaderRoleArn: d.moto.clientRoleArns!.uploader,
    uploadPrefix: "uploads/",
    maxImageBytes: Number(d.functionEnv.MAX_IMAGE_BYTES),
  };
  fs.writeFileSync(outputsFile, JSON.stringify(outputs));
}, 300_000);
afterAll(async () => {
  await d?.teardown();
  if (outputsFile) fs.rmSync(path.dirname(outputsFile), { recursive: true, force: true });
});

/** `npm run -s presign` as an operator runs it, against moto. */
async function presign(...args: string[]): Promise<UploadForm> {
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: SETUP_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SETUP_CREDENTIALS.secretAccessKey,
  };
  const { stdout } = await promisify(execFile)("node", ["dist/app/tools/presign.js", "--stack", "e2e", "--outputs", outputsFile, "--path-style", "--json", ...args], { env });
  return JSON.parse(stdout) as UploadForm;
}

/** A browser's multipart POST: the fields, then the file last. */
async function postForm(form: UploadForm, body: Buffer, contentType = "image/jpeg"): Promise<number> {
  const data = new FormData();
  for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
  data.append("file", new Blob([body], { type: contentType }), "photo.jpg");
  const response = await fetch(form.url, { method: "POST", body: data });
  await response.arrayBuffer();
  return response.status;
}

it("a POST with the issued form stores the object SSE-KMS under uploads/, and it is processed", async () => {
  const form = await presign("--key", "uploads/browser/photo.jpg", "--expires", "120");
  expect(form.key).toBe("uploads/browser/photo.jpg");
  expect(form.url).toBe(`${motoEndpoint()}/${d.moto.bucketName}`);
  // Signed as the uploader role's session (temporary credentials carry a token).
  expect(form.fields["X-Amz-Security-Token"]).toEqual(expect.any(String));
  expect(decodePostPolicy(form.fields).conditions).toContainEqual(["content-length-range", 1, Number(d.functionEnv.MAX_IMAGE_BYTES)]);

  expect(await postForm(form, await jpegWithExif(640, 480))).toBe(204);
  const head = await objectHead(d, "uploads/browser/photo.jpg");
  expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(["aws:kms", d.moto.keyArn]);

  const events = s3EventsFrom(await drainQueue(d.admin.sqs, d.moto.s3Events.url));
  // S3 URL-encodes the key in the event.
  expect(events.map((e) => [e.Records[0].eventName, decodeURIComponent(e.Records[0].s3.object.key)])).toEqual([["ObjectCreated:Post", "uploads/browser/photo.jpg"]]);
  const invocation = await d.handler.invoke(events[0]);
  expect(invocation.ok).toBe(true);
  expect(await listKeys(d, "processed/browser/")).toEqual(expect.arrayContaining([expect.stringMatching(/^processed\/browser\/photo/)]));
  expect((await recordsFor(d, "uploads/browser/photo.jpg")).map((r) => r.status)).toEqual(["processed"]);
});

it("behind the malware-scan gate, the packaged function processes a posted upload from its clean scan result, records the scan, and ignores its S3 event", async () => {
  // The same archive with the variable the component sets for uploadTrigger "malware-scan".
  const gated = await PackagedHandler.start(d.archiveDir, { ...d.functionEnv, MALWARE_SCAN_BUCKET: d.moto.bucketName });
  try {
    const form = await presign("--key", "uploads/browser/scanned.jpg");
    expect(await postForm(form, await jpegWithExif(320, 240))).toBe(204);
    const [s3Event] = s3EventsFrom(await drainQueue(d.admin.sqs, d.moto.s3Events.url));
    const direct = await gated.invoke(s3Event);
    expect(direct.ok && (direct.result as { invalid?: string }).invalid).toMatch(/only from their GuardDuty scan result/);
    expect(await listKeys(d, "processed/browser/scanned.jpg/")).toEqual([]);

    const head = await objectHead(d, "uploads/browser/scanned.jpg");
    const scanResult = {
      version: "0",
      id: "0b4c7f46-4ab3-a4e0-0000-000000000001",
      "detail-type": "GuardDuty Malware Protection Object Scan Result",
      source: "aws.guardduty",
      account: "123456789012",
      time: "2026-12-08T03:00:00Z",
      region: REGION,
      resources: ["arn:aws:guardduty:us-east-1:123456789012:malware-protection-plan/b4c7f464ab3a4EXAMPLE"],
      detail: {
        schemaVersion: "1.0",
        scanStatus: "COMPLETED",
        resourceType: "S3_OBJECT",
        s3ObjectDetails: {
          bucketName: d.moto.bucketName,
          objectKey: "uploads/browser/scanned.jpg",
          eTag: head.ETag?.replace(/"/g, ""),
          versionId: head.VersionId,
          s3Throttled: false,
        },
        scanResultDetails: { scanResultStatus: "NO_THREATS_FOUND", threats: null },
      },
    };
    const clean = await gated.invoke(scanResult);
    expect(clean.ok).toBe(true);
    expect((await listKeys(d, "processed/browser/scanned.jpg/")).length).toBeGreaterThan(0);
    const [record] = await recordsFor(d, "uploads/browser/scanned.jpg");
    expect(record).toMatchObject({ status: "processed", malwareScan: { result: "NO_THREATS_FOUND", scannedAt: "2026-12-08T03:00:00Z", planArn: scanResult.resources[0] } });
  } finally {
    await gated.stop();
  }
});

it("generates the key when none is given, and refuses to issue a form outside uploads/ or over the limit (exit 2)", async () => {
  const form = await presign("--content-type", "image/png");
  expect(form.key).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.png$/);
  await expect(presign("--key", "processed/x.jpg")).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/key must be under uploads\//) });
  await expect(presign("--max-bytes", String(Number(d.functionEnv.MAX_IMAGE_BYTES) + 1))).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/maxBytes must be/) });
});

it("emulator limit: moto stores an expired or oversize form POST that S3 refuses (the refusal is proven by the POST model)", async () => {
  const form = await presign("--key", "uploads/browser/limit.jpg", "--max-bytes", "1024", "--expires", "1");
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(await postForm(form, Buffer.alloc(4096, 0xff))).toBe(204);
  await drainQueue(d.admin.sqs, d.moto.s3Events.url);
});
