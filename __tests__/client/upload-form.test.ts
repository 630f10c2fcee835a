/**
 * The presigned POST form: the exact policy it signs, and what S3 does with it. The emulator
 * (moto 5.2.5) checks no POST policy condition, no signature and no expiry, so the refusals are
 * judged here by __tests__/support/post-policy-model.ts (S3's documented rules, including the
 * SigV4 signature over the policy) on forms issued by the real @aws-sdk/s3-presigned-post.
 */
import { S3Client } from "@aws-sdk/client-s3";
import fc from "fast-check";
import { checkUploadKey, createUploadForm, decodePostPolicy, UPLOAD_CONTENT_TYPES, UploadFormError, uploadFormPlan, type UploadForm } from "../../client/upload-form";
import { HANDLER_DEFAULTS } from "../../handlers/config";
import { formEntries, judgePost, postPolicySignature, type FormEntry } from "../support/post-policy-model";

const BUCKET = "images-bucket-dev";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const CREDENTIALS = { accessKeyId: "ASIAUPLOADER", secretAccessKey: "uploader-secret", sessionToken: "session-token" };
const SECRETS = { [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey };

const s3 = new S3Client({ region: "us-east-1", credentials: CREDENTIALS });
afterAll(() => s3.destroy());

const issue = (overrides: Partial<Parameters<typeof createUploadForm>[0]> = {}): Promise<UploadForm> =>
  createUploadForm({ s3, bucket: BUCKET, kmsKeyArn: KEY_ARN, contentType: "image/jpeg", key: "uploads/cat.jpg", ...overrides });

const post = (form: UploadForm, entries: FormEntry[] = formEntries(form.fields, Buffer.alloc(100)), now = new Date()) =>
  judgePost({ bucket: BUCKET, entries, now, secrets: SECRETS });

describe("the signed policy", () => {
  it("admits exactly one key, one image type, 1 byte to the handler's limit and SSE-KMS under the data key", async () => {
    const form = await issue();
    const policy = decodePostPolicy(form.fields);
    const credential = form.fields["X-Amz-Credential"];
    expect(new Set(policy.conditions.map((c) => JSON.stringify(c)))).toEqual(
      new Set(
        [
          ["content-length-range", 1, HANDLER_DEFAULTS.maxImageBytes],
          { "Content-Type": "image/jpeg" },
          { "x-amz-server-side-encryption": "aws:kms" },
          { "x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN },
          { bucket: BUCKET },
          { "X-Amz-Algorithm": "AWS4-HMAC-SHA256" },
          { "X-Amz-Credential": credential },
          { "X-Amz-Date": form.fields["X-Amz-Date"] },
          { "X-Amz-Security-Token": CREDENTIALS.sessionToken },
          { key: "uploads/cat.jpg" },
        ].map((c) => JSON.stringify(c)),
      ),
    );
    expect(credential).toMatch(/^ASIAUPLOADER\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(form.key).toBe("uploads/cat.jpg");
    expect(form.fields.key).toBe("uploads/cat.jpg");
  });

  it("expires after the requested lifetime (default 300 s), and says when", async () => {
    const before = Date.now();
    const form = await issue();
    const expires = Date.parse(form.expiresAt);
    expect(decodePostPolicy(form.fields).expiration).toBe(form.expiresAt);
    expect(expires - before).toBeGreaterThanOrEqual(299_000);
    expect(expires - before).toBeLessThanOrEqual(301_000);
    const short = await issue({ expiresSeconds: 60 });
    expect(Date.parse(short.expiresAt) - before).toBeLessThanOrEqual(61_000);
  });

  it("is signed by the uploader's credentials over the policy (SigV4)", async () => {
    const form = await issue();
    const [, date, region, service] = form.fields["X-Amz-Credential"].split("/");
    expect(form.fields["X-Amz-Signature"]).toBe(postPolicySignature(CREDENTIALS.secretAccessKey, { date, region, service }, form.fields.Policy));
  });

  it("caps the range at a stack's smaller limit, and at a smaller --max-bytes", async () => {
    const range = (form: UploadForm) => decodePostPolicy(form.fields).conditions.find((c) => Array.isArray(c) && c[0] === "content-length-range");
    expect(range(await issue({ handlerMaxBytes: 1_048_576 }))).toEqual(["content-length-range", 1, 1_048_576]);
    expect(range(await issue({ handlerMaxBytes: 1_048_576, maxBytes: 2048 }))).toEqual(["content-length-range", 1, 2048]);
  });

  it("generates an unguessable key under uploads/ with the type's extension when none is given", async () => {
    const [a, b] = await Promise.all([issue({ key: undefined, contentType: "image/png" }), issue({ key: undefined, contentType: "image/png" })]);
    expect(a.key).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.png$/);
    expect(a.key).not.toBe(b.key);
    expect(decodePostPolicy(a.fields).conditions).toContainEqual({ key: a.key });
  });
});

describe("what S3 does with the form", () => {
  it("accepts the form as issued, for a file of 1 byte up to the limit", async () => {
    const form = await issue({ handlerMaxBytes: 4096 });
    for (const size of [1, 2048, 4096]) expect(post(form, formEntries(form.fields, Buffer.alloc(size)))).toMatchObject({ accepted: true, key: "uploads/cat.jpg" });
  });

  it("refuses an oversize or empty file, another content type, another key and an expired form", async () => {
    const form = await issue({ handlerMaxBytes: 4096, expiresSeconds: 60 });
    const withField = (name: string, value: string) => formEntries({ ...form.fields, [name]: value }, Buffer.alloc(10));
    const verdicts = [
      post(form, formEntries(form.fields, Buffer.alloc(4097))),
      post(form, formEntries(form.fields, Buffer.alloc(0))),
      post(form, withField("Content-Type", "image/svg+xml")),
      post(form, withField("Content-Type", "text/html")),
      post(form, withField("key", "processed/cat.jpg")),
      post(form, withField("key", "uploads/other.jpg")),
      post(form, undefined, new Date(Date.parse(form.expiresAt) + 1000)),
    ];
    expect(verdicts.map((v) => (v.accepted ? "accepted" : v.code))).toEqual([
      "EntityTooLarge",
      "EntityTooSmall",
      "AccessDenied",
      "AccessDenied",
      "AccessDenied",
      "AccessDenied",
      "AccessDenied",
    ]);
  });

  it("the model tells a loose policy from ours: a starts-with image/ condition would admit SVG", async () => {
    const form = await issue();
    const policy = decodePostPolicy(form.fields);
    const loose = { ...policy, conditions: policy.conditions.map((c) => (!Array.isArray(c) && "Content-Type" in c ? ["starts-with", "$Content-Type", "image/"] : c)) };
    const Policy = Buffer.from(JSON.stringify(loose)).toString("base64");
    const [, date, region, service] = form.fields["X-Amz-Credential"].split("/");
    const fields = {
      ...form.fields,
      Policy,
      "X-Amz-Signature": postPolicySignature(CREDENTIALS.secretAccessKey, { date, region, service }, Policy),
      "Content-Type": "image/svg+xml",
    };
    expect(post(form, formEntries(fields, Buffer.alloc(10)))).toMatchObject({ accepted: true });
    expect(post(form, formEntries({ ...form.fields, "Content-Type": "image/svg+xml" }, Buffer.alloc(10)))).toMatchObject({ accepted: false });
  });

  it("for any size, accepts exactly the sizes in [1, limit]", async () => {
    const form = await issue({ handlerMaxBytes: 2048 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4096 }), (size) => post(form, formEntries(form.fields, Buffer.alloc(size))).accepted === (size >= 1 && size <= 2048)),
      { numRuns: 200 },
    );
  });
});

describe("requests it refuses to issue", () => {
  const plan = (overrides: Partial<Parameters<typeof uploadFormPlan>[0]>) => () => uploadFormPlan({ bucket: BUCKET, kmsKeyArn: KEY_ARN, contentType: "image/jpeg", ...overrides });

  it("names the bad value", () => {
    expect(plan({ contentType: "image/svg+xml" })).toThrow(/contentType must be one of image\/jpeg, image\/png, image\/gif, image\/bmp, image\/tiff/);
    expect(plan({ key: "processed/x.jpg" })).toThrow(/key must be under uploads\//);
    expect(plan({ key: "uploads/" })).toThrow(/key must be under uploads\//);
    expect(plan({ key: "uploads/a/../b.jpg" })).toThrow(/"\.\." segments/);
    expect(plan({ key: "uploads/a//b.jpg" })).toThrow(/empty/);
    expect(plan({ key: "uploads/dir/" })).toThrow(/not a folder/);
    expect(plan({ key: "uploads/a\nb.jpg" })).toThrow(/control characters/);
    expect(plan({ key: `uploads/${"é".repeat(510)}` })).toThrow(/at most 1024 bytes/);
    expect(plan({ maxBytes: HANDLER_DEFAULTS.maxImageBytes + 1 })).toThrow(/maxBytes must be a whole number from 1 to 26214400/);
    expect(plan({ maxBytes: 0 })).toThrow(/maxBytes/);
    expect(plan({ expiresSeconds: 3601 })).toThrow(/expiresSeconds must be a whole number from 1 to 3600/);
    expect(plan({ kmsKeyArn: "alias/secure-image-pipeline-dev" })).toThrow(/kmsKeyArn must be a KMS key ARN/);
    expect(plan({ key: "processed/x.jpg" })).toThrow(UploadFormError);
  });

  it("accepts every type the handler decodes, and any key it accepts is exactly the policy's key", () => {
    expect(UPLOAD_CONTENT_TYPES).toEqual(["image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff"]);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), (rest) => {
        const key = `uploads/${rest}`;
        let accepted: string | undefined;
        try {
          accepted = checkUploadKey(key, "uploads/");
        } catch (error) {
          return error instanceof UploadFormError;
        }
        return accepted === key && !key.split("/").includes("..") && !key.endsWith("/");
      }),
    );
  });
});
