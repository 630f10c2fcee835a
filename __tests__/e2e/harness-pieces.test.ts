/**
 * The harness pieces that need no moto: archive extraction, reading the pipeline out of the
 * program's registrations, and mapping recorded SDK calls to IAM requests. The suite's proofs
 * rest on them, so each is checked against a defect it must not hide.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatSkipped, harnessCoverage } from "./support/coverage";
import { pipelineFromProgram, type RegisteredResource } from "./support/from-program";
import { iamRequestsFor } from "./support/iam-requests";
import { extractArchive } from "./support/packaged-handler";

describe("extractArchive", () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-extract-"));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it("lays out string assets, file assets, directory archives and nested archives as Pulumi would zip them", async () => {
    const source = path.join(work, "src");
    fs.mkdirSync(path.join(source, "pkg", "lib"), { recursive: true });
    fs.writeFileSync(path.join(source, "pkg", "package.json"), '{"name":"pkg"}');
    fs.writeFileSync(path.join(source, "pkg", "lib", "index.js"), "module.exports = 1;");
    fs.writeFileSync(path.join(source, "single.js"), "exports.x = 2;");
    const archive = new pulumi.asset.AssetArchive({
      "__index.js": new pulumi.asset.StringAsset("exports.handler = 1;"),
      "node_modules/pkg": new pulumi.asset.FileArchive(path.join(source, "pkg")),
      "extra/single.js": new pulumi.asset.FileAsset(path.join(source, "single.js")),
      nested: new pulumi.asset.AssetArchive({ "a.txt": new pulumi.asset.StringAsset("a") }),
    });
    const dest = path.join(work, "out");
    expect(await extractArchive(archive, dest)).toEqual(["__index.js", "extra/single.js", "nested", "node_modules/pkg"]);
    const files = (fs.readdirSync(dest, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dest, f)).isFile()).sort();
    expect(files).toEqual(["__index.js", "extra/single.js", "nested/a.txt", "node_modules/pkg/lib/index.js", "node_modules/pkg/package.json"]);
    expect(fs.readFileSync(path.join(dest, "__index.js"), "utf8")).toBe("exports.handler = 1;");
  });

  it("refuses an entry that would escape the directory", async () => {
    const archive = new pulumi.asset.AssetArchive({ "../escaped.js": new pulumi.asset.StringAsset("x") });
    await expect(extractArchive(archive, path.join(work, "out"))).rejects.toThrow(/archive entry "..\/escaped.js" escapes the archive/);
    expect(fs.existsSync(path.join(work, "escaped.js"))).toBe(false);
  });

  it("refuses something that is not an archive", async () => {
    await expect(extractArchive(new pulumi.asset.StringAsset("x"), path.join(work, "out"))).rejects.toThrow(/expected the function's code to be an AssetArchive, got StringAsset/);
  });
});

describe("pipelineFromProgram", () => {
  it("names what is missing instead of guessing", () => {
    expect(() => pipelineFromProgram([])).toThrow(/expected exactly one S3 bucket notification for the Lambda in the program, found 0: none/);
  });

  it("rejects a table without TTL", () => {
    const r = (type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}): RegisteredResource => ({
      urn: `urn:${name}`,
      type,
      name,
      inputs,
      outputs,
    });
    const keyArn = "arn:aws:kms:us-east-1:123456789012:key/k";
    const topicArn = "arn:aws:sns:us-east-1:123456789012:t";
    const resources = [
      r("aws:s3/bucketNotification:BucketNotification", "n", { bucket: "b", lambdaFunctions: [{ lambdaFunctionArn: "fn-arn", filterPrefix: "uploads/" }] }),
      r(
        "aws:lambda/function:Function",
        "f",
        { role: "role-arn", runtime: "nodejs22.x", environment: { variables: { TABLE_NAME: "t", TOPIC_ARN: topicArn, KMS_KEY_ARN: keyArn } } },
        { arn: "fn-arn", name: "f" },
      ),
      r("aws:dynamodb/table:Table", "t", { name: "t", hashKey: "pk", attributes: [] }),
      r("aws:sns/topic:Topic", "t", {}, { arn: topicArn, name: "t" }),
      r("aws:kms/key:Key", "k", { policy: "{}" }, { arn: keyArn }),
      r("aws:iam/role:Role", "role", {}, { arn: "role-arn", name: "role" }),
      r("aws:iam/rolePolicy:RolePolicy", "p", { role: "role", policy: "{}" }),
    ];
    expect(() => pipelineFromProgram(resources)).toThrow("table t has no TTL enabled in the program");
  });
});

describe("iamRequestsFor", () => {
  const ctx = { region: "us-east-1", accountId: "123456789012", keyArn: "arn:aws:kms:us-east-1:123456789012:key/k", roleArn: "arn:aws:iam::123456789012:role/r" };
  const global = { "aws:SecureTransport": "true", "aws:PrincipalArn": ctx.roleArn, "aws:PrincipalAccount": ctx.accountId };

  it("authorises HeadObject as s3:GetObject on the object, without KMS (no body is decrypted)", () => {
    const requests = iamRequestsFor({ client: "S3Client", command: "HeadObjectCommand", input: { Bucket: "b", Key: "uploads/a b.jpg" }, outcome: "ok" }, ctx);
    expect(requests).toEqual([{ action: "s3:GetObject", resource: "arn:aws:s3:::b/uploads/a b.jpg", context: global, origin: "S3Client.HeadObjectCommand (recorded)" }]);
  });

  it("adds the data-key request S3 makes with the caller's permissions for an SSE-KMS write", () => {
    const requests = iamRequestsFor(
      { client: "S3Client", command: "PutObjectCommand", input: { Bucket: "b", Key: "processed/x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: ctx.keyArn }, outcome: "ok" },
      ctx,
    );
    expect(requests.map((r) => [r.action, r.resource, r.context])).toEqual([
      ["s3:PutObject", "arn:aws:s3:::b/processed/x", { ...global, "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": ctx.keyArn }],
      ["kms:GenerateDataKey", ctx.keyArn, { ...global, "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ctx.accountId }],
    ]);
  });

  it("fails loudly on an operation it has no IAM mapping for, rather than skipping it", () => {
    expect(() => iamRequestsFor({ client: "S3Client", command: "DeleteObjectCommand", input: { Bucket: "b", Key: "k" }, outcome: "ok" }, ctx)).toThrow(
      /no IAM action known for S3Client.DeleteObjectCommand/,
    );
  });
});

describe("harnessCoverage", () => {
  const r = (type: string, name: string): RegisteredResource & { custom: boolean } => ({ urn: `urn:${type}::${name}`, type, name, inputs: {}, outputs: {}, custom: true });

  it("reports a program resource that is neither created nor listed, and the reason for each listed one", () => {
    const resources = [
      r("aws:s3/bucket:Bucket", "images-bucket"),
      r("aws:s3/bucket:Bucket", "access-logs-bucket"),
      r("aws:s3/bucket:Bucket", "surprise-bucket"),
      r("aws:new/thing:Thing", "x"),
    ];
    const coverage = harnessCoverage(resources, new Set([resources[0].urn]));
    expect(coverage.created).toEqual(["aws:s3/bucket:Bucket images-bucket"]);
    expect(coverage.skipped.map((s) => s.resource)).toEqual(["aws:s3/bucket:Bucket access-logs-bucket"]);
    expect(coverage.unlisted).toEqual(["aws:s3/bucket:Bucket surprise-bucket", "aws:new/thing:Thing x"]);
    expect(formatSkipped(coverage)).toMatch(
      /^The moto harness creates 1 of the program's resources and leaves out 1:\n {2}- aws:s3\/bucket:Bucket access-logs-bucket: S3 server access logging/,
    );
  });

  it("ignores component resources (they are not AWS resources)", () => {
    expect(harnessCoverage([{ ...r("secure-image-pipeline:storage:SecureBucket", "images"), custom: false }], new Set()).unlisted).toEqual([]);
  });
});
