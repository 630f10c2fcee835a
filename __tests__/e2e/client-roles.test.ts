/**
 * The stack's client roles in moto, each created from the program with exactly its generated
 * policy and trust, with moto enforcing IAM (moto evaluates S3 and SQS against the resource ARN;
 * it ignores conditions, bucket and key policies, so those are proven by the flow proof,
 * docs/flows.md): the uploader writes uploads/ and nothing else, the reader reads processed/ and
 * nothing else, and the pipeline runs end to end between them. Also prints what the harness
 * leaves out of the program, and fails on any program resource it neither creates nor lists.
 */
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { deployToMoto, type Deployment } from "./support/deploy";
import { failureOf } from "./support/errors";
import { jpegWithExif } from "./support/images";
import { destroyClients, motoClients, setIamEnforcement, type Clients } from "./support/moto";
import { listKeys, objectBytes, upload } from "./support/observe";
import { formatSkipped } from "./support/coverage";

jest.setTimeout(120_000);

let d: Deployment;
let uploader: Clients;
let reader: Clients;
let outputs: string[];

beforeAll(async () => {
  d = await deployToMoto();
  const [event] = await upload(d, [{ key: "uploads/clients/photo.jpg", body: await jpegWithExif(800, 600), contentType: "image/jpeg" }]);
  const invocation = await d.handler.invoke(event);
  if (!invocation.ok) throw new Error(`the handler failed: ${invocation.error?.message}\n${d.handler.logs()}`);
  outputs = await listKeys(d, "processed/clients/");
  uploader = motoClients(d.uploaderCredentials);
  reader = motoClients(d.readerCredentials);
  await setIamEnforcement(true);
}, 300_000);
afterAll(async () => {
  await setIamEnforcement(false);
  if (uploader) destroyClients(uploader);
  if (reader) destroyClients(reader);
  await d?.teardown();
});

const put = (clients: Clients, Key: string) =>
  clients.s3.send(new PutObjectCommand({ Bucket: d.moto.bucketName, Key, Body: "x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: d.moto.keyArn }));
const get = (clients: Clients, Key: string) => clients.s3.send(new GetObjectCommand({ Bucket: d.moto.bucketName, Key }));

it("runs the pipeline between them: the uploader's upload is processed, and the reader reads every output", async () => {
  expect(outputs.length).toBeGreaterThan(0);
  for (const key of outputs) expect((await objectBytes(d, key)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
});

it("the uploader writes uploads/ and nothing else", async () => {
  await expect(put(uploader, "uploads/clients/second.jpg")).resolves.toBeDefined();
  const denied = await Promise.all([put(uploader, "processed/clients/forged.jpg"), get(uploader, outputs[0]), get(uploader, "uploads/clients/photo.jpg")].map(failureOf));
  expect(denied.map((f) => f.status)).toEqual([403, 403, 403]);
});

it("the reader reads processed/ and nothing else", async () => {
  await expect(get(reader, outputs[0])).resolves.toBeDefined();
  const denied = await Promise.all(
    [get(reader, "uploads/clients/photo.jpg"), put(reader, "uploads/clients/by-reader.jpg"), put(reader, "processed/clients/by-reader.jpg")].map(failureOf),
  );
  expect(denied.map((f) => f.status)).toEqual([403, 403, 403]);
});

it("creates every program resource it does not list with a reason, and prints the list", () => {
  expect(d.coverage.unlisted).toEqual([]);
  expect(d.coverage.created).toEqual(
    expect.arrayContaining([
      "aws:iam/role:Role clients-uploader",
      "aws:iam/role:Role clients-reader",
      "aws:iam/role:Role image-processor-role",
      "aws:s3/bucket:Bucket images-bucket",
    ]),
  );
  console.info(formatSkipped(d.coverage));
});
