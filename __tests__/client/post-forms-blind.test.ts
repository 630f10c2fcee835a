/**
 * Blind cases for the issued form (__tests__/fixtures/blind/post-forms.json: written from AWS's
 * documentation by someone who never read this code; each says what is changed in the issued form,
 * in words). Each change is made here to a real form from `createUploadForm`, and judged by the
 * S3 POST model (__tests__/support/post-policy-model.ts; moto checks none of this). The cases are
 * kept as written; the tally is in docs/flows.md.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { createUploadForm, decodePostPolicy, type UploadForm } from "../../client/upload-form";
import cases from "../fixtures/blind/post-forms.json";
import { judgePost, type FormEntry } from "../support/post-policy-model";

const BUCKET = "images-bucket-dev";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab";
const CREDENTIALS = { accessKeyId: "ASIAUPLOADER", secretAccessKey: "uploader-secret", sessionToken: "session-token" };
const SECRETS = { [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey, ASIAOTHER: "other-secret" };
/** L: the handler's byte limit of a stack with maxImageBytes = 64 KiB (small, so 10 x L stays cheap). */
const L = 65_536;

type Fields = Record<string, string>;
interface Submission {
  readonly entries: FormEntry[];
  readonly bucket?: string;
  /** Milliseconds after issue. */
  readonly at?: number;
}

const file = (size: number) => ({ file: Buffer.alloc(size, 0xff) });
const entries = (fields: Fields, size = L / 2, after: [string, string][] = []): FormEntry[] => [...Object.entries(fields), file(size), ...after];
const without = (fields: Fields, ...names: string[]) => Object.fromEntries(Object.entries(fields).filter(([n]) => !names.includes(n)));
/** The policy re-encoded with `change`, the signature left as issued. */
const reencoded = (fields: Fields, change: (p: ReturnType<typeof decodePostPolicy>) => unknown): Fields => ({
  ...fields,
  Policy: Buffer.from(JSON.stringify(change(decodePostPolicy(fields)))).toString("base64"),
});

/** Each case's change, made to the issued form; keyed by the case's index, checked against its text. */
const CHANGES: readonly [RegExp, (f: Fields, form: UploadForm, expiresIn: number) => Submission][] = [
  [/^nothing/, (f) => ({ entries: entries(f) })],
  [/^file size exactly L bytes/, (f) => ({ entries: entries(f, L) })],
  [/^file size L\+1/, (f) => ({ entries: entries(f, L + 1) })],
  [/^file size L-1/, (f) => ({ entries: entries(f, L - 1) })],
  [/^file size 0/, (f) => ({ entries: entries(f, 0) })],
  [/^file size 1 byte/, (f) => ({ entries: entries(f, 1) })],
  [/^file size 10 x L/, (f) => ({ entries: entries(f, 10 * L) })],
  [/^Content-Type field changed .* to image\/png/, (f) => ({ entries: entries({ ...f, "Content-Type": "image/png" }) })],
  [/^Content-Type = IMAGE\/JPEG/, (f) => ({ entries: entries({ ...f, "Content-Type": "IMAGE/JPEG" }) })],
  [/^Content-Type = Image\/Jpeg/, (f) => ({ entries: entries({ ...f, "Content-Type": "Image/Jpeg" }) })],
  [/^Content-Type = image\/svg\+xml/, (f) => ({ entries: entries({ ...f, "Content-Type": "image/svg+xml" }) })],
  [/^Content-Type = text\/html/, (f) => ({ entries: entries({ ...f, "Content-Type": "text/html" }) })],
  [/^Content-Type = image\/jpeg; charset/, (f) => ({ entries: entries({ ...f, "Content-Type": "image/jpeg; charset=utf-8" }) })],
  [/^Content-Type = image\/jpegx/, (f) => ({ entries: entries({ ...f, "Content-Type": "image/jpegx" }) })],
  [/^Content-Type field removed/, (f) => ({ entries: entries(without(f, "Content-Type")) })],
  [/^Content-Type field name sent as content-type/, (f) => ({ entries: entries({ ...without(f, "Content-Type"), "content-type": "image/jpeg" }) })],
  [/^file part body is HTML/, (f) => ({ entries: [...Object.entries(f), { file: Buffer.from("<html><script>alert(1)</script></html>") }] })],
  [/^key changed to another key under uploads/, (f) => ({ entries: entries({ ...f, key: "uploads/other.jpg" }) })],
  [/^key changed to uploads\/\.\.\/admin/, (f) => ({ entries: entries({ ...f, key: "uploads/../admin/x.jpg" }) })],
  [/^key changed to \.\.\/uploads/, (f) => ({ entries: entries({ ...f, key: `../${f.key}` }) })],
  [/^key changed to uploads\/\$\{filename\}/, (f) => ({ entries: entries({ ...f, key: "uploads/${filename}" }) })],
  [/^key changed to the issued key with different case/, (f) => ({ entries: entries({ ...f, key: f.key.replace(/^uploads/, "Uploads") }) })],
  [/^bucket field changed/, (f) => ({ entries: entries({ ...f, bucket: "another-bucket" }), bucket: "another-bucket" })],
  [/^x-amz-server-side-encryption and .* dropped/, (f) => ({ entries: entries(without(f, "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id")) })],
  [/^only x-amz-server-side-encryption-aws-kms-key-id dropped/, (f) => ({ entries: entries(without(f, "x-amz-server-side-encryption-aws-kms-key-id")) })],
  [/^x-amz-server-side-encryption-aws-kms-key-id changed/, (f) => ({ entries: entries({ ...f, "x-amz-server-side-encryption-aws-kms-key-id": OTHER_KEY_ARN }) })],
  [
    /^x-amz-server-side-encryption changed to AES256/,
    (f) => ({ entries: entries({ ...without(f, "x-amz-server-side-encryption-aws-kms-key-id"), "x-amz-server-side-encryption": "AES256" }) }),
  ],
  [/^x-amz-server-side-encryption changed to aws:kms:dsse/, (f) => ({ entries: entries({ ...f, "x-amz-server-side-encryption": "aws:kms:dsse" }) })],
  [/^x-amz-server-side-encryption-bucket-key-enabled=true added/, (f) => ({ entries: entries({ ...f, "x-amz-server-side-encryption-bucket-key-enabled": "true" }) })],
  [/^form submitted 1 second after/, (f, _form, expiresIn) => ({ entries: entries(f), at: expiresIn + 1000 })],
  [
    /^form submitted 1 hour after expiry with x-amz-date edited/,
    (f, _form, expiresIn) => ({
      entries: entries({ ...f, "X-Amz-Date": new Date(Date.now() + expiresIn + 3_600_000).toISOString().replace(/[-:]|\.\d{3}/g, "") }),
      at: expiresIn + 3_600_000,
    }),
  ],
  [/^form submitted a few seconds before/, (f, _form, expiresIn) => ({ entries: entries(f), at: expiresIn - 3000 })],
  [
    /^policy field re-encoded with a larger content-length-range/,
    (f) => ({
      entries: entries(
        reencoded(f, (p) => ({ ...p, conditions: p.conditions.map((c) => (Array.isArray(c) && c[0] === "content-length-range" ? ["content-length-range", 1, 2 * L] : c)) })),
        L + 10,
      ),
    }),
  ],
  [
    /^policy field re-encoded with the expiration extended/,
    (f, _form, expiresIn) => ({
      entries: entries(reencoded(f, (p) => ({ ...p, expiration: new Date(Date.parse(p.expiration) + 86_400_000).toISOString() }))),
      at: expiresIn + 1000,
    }),
  ],
  [
    /^policy re-encoded with the Content-Type condition removed/,
    (f) => ({
      entries: entries({ ...reencoded(f, (p) => ({ ...p, conditions: p.conditions.filter((c) => Array.isArray(c) || !("Content-Type" in c)) })), "Content-Type": "text/html" }),
    }),
  ],
  [/^x-amz-signature altered/, (f) => ({ entries: entries({ ...f, "X-Amz-Signature": f["X-Amz-Signature"].replace(/^./, (c) => (c === "0" ? "1" : "0")) }) })],
  [/^x-amz-credential changed/, (f) => ({ entries: entries({ ...f, "X-Amz-Credential": f["X-Amz-Credential"].replace("ASIAUPLOADER", "ASIAOTHER") }) })],
  [/^x-amz-security-token removed/, (f) => ({ entries: entries(without(f, "X-Amz-Security-Token")) })],
  [/^extra field acl=public-read/, (f) => ({ entries: entries({ ...f, acl: "public-read" }) })],
  [/^extra field acl=bucket-owner-full-control/, (f) => ({ entries: entries({ ...f, acl: "bucket-owner-full-control" }) })],
  [/^extra field x-amz-meta-owner/, (f) => ({ entries: entries({ ...f, "x-amz-meta-owner": "attacker" }) })],
  [/^extra field success_action_redirect/, (f) => ({ entries: entries({ ...f, success_action_redirect: "https://evil.example/" }) })],
  [/^extra field success_action_status/, (f) => ({ entries: entries({ ...f, success_action_status: "201" }) })],
  [/^extra field Cache-Control or Content-Disposition/, (f) => ({ entries: entries({ ...f, "Content-Disposition": "attachment" }) })],
  [/^extra field x-amz-storage-class/, (f) => ({ entries: entries({ ...f, "x-amz-storage-class": "GLACIER" }) })],
  [/^extra field x-amz-website-redirect-location/, (f) => ({ entries: entries({ ...f, "x-amz-website-redirect-location": "/evil" }) })],
  [/^extra field tagging=/, (f) => ({ entries: entries({ ...f, tagging: "<Tagging><TagSet></TagSet></Tagging>" }) })],
  [/^extra field x-ignore-anything/, (f) => ({ entries: entries({ ...f, "x-ignore-anything": "whatever" }) })],
  [/^field acl=public-read placed AFTER the file/, (f) => ({ entries: entries(f, L / 2, [["acl", "public-read"]]) })],
  [/^the same key field sent twice/, (f) => ({ entries: [...Object.entries(f), ["key", "uploads/evil.jpg"], file(L / 2)] })],
];

const EXPIRES_SECONDS = 300;
let form: UploadForm;
let issuedAt: number;
const s3 = new S3Client({ region: "us-east-1", credentials: CREDENTIALS });
beforeAll(async () => {
  issuedAt = Date.now();
  form = await createUploadForm({
    s3,
    bucket: BUCKET,
    kmsKeyArn: KEY_ARN,
    contentType: "image/jpeg",
    key: "uploads/blind/cat.jpg",
    handlerMaxBytes: L,
    expiresSeconds: EXPIRES_SECONDS,
  });
});
afterAll(() => s3.destroy());

function judge(index: number) {
  const [, change] = CHANGES[index];
  const submission = change({ ...form.fields }, form, Date.parse(form.expiresAt) - issuedAt);
  return judgePost({ bucket: submission.bucket ?? BUCKET, entries: submission.entries, now: new Date(issuedAt + (submission.at ?? 1000)), secrets: SECRETS });
}

it("has a change for every case, in order", () => {
  expect(cases).toHaveLength(CHANGES.length);
  cases.forEach((c, i) => expect([i, c.change]).toEqual([i, expect.stringMatching(CHANGES[i][0])]));
});

describe.each(cases.map((c, index) => ({ index, ...c })))("case $index: $change", ({ index, expect: expected }) => {
  it(`is ${expected}`, () => {
    const verdict = judge(index);
    expect(verdict.accepted ? "accepted" : `refused`).toBe(expected);
  });
});

it("stores the object without the ACL sent after the file, and never lets a second key win", () => {
  const late = judge(48);
  expect(late).toMatchObject({ accepted: true, key: "uploads/blind/cat.jpg" });
  expect(late.accepted && "acl" in late.fields).toBe(false);
  expect(judge(49)).toMatchObject({ accepted: false });
});
