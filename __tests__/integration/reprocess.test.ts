/**
 * The reprocess command (scripts/reprocess.ts) against a private moto server: the real listing
 * (with pagination and folder placeholders), the manifest written under SSE-KMS and its ETag, and
 * the command run as a process (stack outputs through a stand-in `pulumi` on PATH, --dry-run,
 * --json, argument errors).
 *
 * moto 5.2.5 implements no S3 Batch Operations jobs (its s3control backend has access points,
 * public access blocks, multi-region access points and Storage Lens only), so CreateJob is
 * proven two ways short of AWS: the request is compared whole with the documented CreateJob
 * shape (S3 Control API reference: LambdaInvoke with InvocationSchemaVersion 2.0 and
 * UserArguments, S3BatchOperations_CSV_20180820 manifest with ObjectArn and ETag,
 * Report_CSV_20180820 report of AllTasks), and in the end-to-end run it is answered by
 * aws-sdk-client-mock on the S3 Control client while S3 is moto. That a real job then runs is not
 * proven here.
 */
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateJobCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { decodeEventKey } from "../../handlers/keys";
import { createJobRequest, manifestCsv, parseReprocessArgs, reprocess, resolveTarget, STACK_OUTPUTS, type ReprocessTarget } from "../../scripts/reprocess";
import { runScript, startPrivateMoto, type PrivateMoto } from "./support/script-harness";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const BUCKET = "images-bucket-1a2b3c4";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-processor-dev`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/image-processor-dev-reprocess`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;

/** The outputs `pulumi stack output --json` prints for a deployed stack (index.ts exports). */
const OUTPUTS = {
  bucketName: BUCKET,
  functionArn: FUNCTION_ARN,
  functionName: "image-processor-dev",
  reprocessRoleArn: ROLE_ARN,
  keyArn: KEY_ARN,
  uploadPrefix: "uploads/",
  processedPrefix: "processed/",
  reprocessManifestPrefix: "batch-operations/manifests/",
  reprocessReportPrefix: "batch-operations/reports/",
};

const TARGET: ReprocessTarget = {
  bucket: BUCKET,
  functionArn: FUNCTION_ARN,
  roleArn: ROLE_ARN,
  kmsKeyArn: KEY_ARN,
  uploadPrefix: "uploads/",
  manifestPrefix: "batch-operations/manifests/",
  reportPrefix: "batch-operations/reports/",
};

describe("arguments and stack outputs", () => {
  it("takes the names from the stack outputs the program exports; flags override them", () => {
    const exported = new Set([...fs.readFileSync(path.resolve(__dirname, "../../index.ts"), "utf8").matchAll(/^export const (\w+)/gm)].map((m) => m[1]));
    for (const name of Object.values(STACK_OUTPUTS)) expect([...exported]).toContain(name);
    expect(resolveTarget(parseReprocessArgs(["--stack", "dev"]), OUTPUTS)).toEqual(TARGET);
    const other = `arn:aws:iam::${ACCOUNT}:role/other`;
    expect(resolveTarget(parseReprocessArgs(["--stack", "dev", "--role-arn", other]), OUTPUTS).roleArn).toBe(other);
  });

  it("refuses what cannot work, naming the flag or output", () => {
    expect(() => parseReprocessArgs([])).toThrow("--stack <name> is required (or all of --bucket, --function-arn, --role-arn and --kms-key-arn)");
    expect(() => parseReprocessArgs(["--bucket", BUCKET, "--function-arn", FUNCTION_ARN])).toThrow("--stack <name> is required");
    expect(() => parseReprocessArgs(["--stack", "dev", "--all"])).toThrow(/Unknown option '--all'/);
    expect(() => resolveTarget(parseReprocessArgs(["--stack", "dev", "--prefix", "processed/"]), OUTPUTS)).toThrow(
      '--prefix "processed/" must start with the upload prefix "uploads/"',
    );
    expect(() => resolveTarget(parseReprocessArgs(["--stack", "dev"]), { ...OUTPUTS, reprocessRoleArn: undefined })).toThrow(
      'role ARN "" is not an IAM role ARN (--role-arn or output reprocessRoleArn)',
    );
    expect(() => resolveTarget(parseReprocessArgs(["--stack", "dev", "--function-arn", `${FUNCTION_ARN}:$LATEST`]), OUTPUTS)).toThrow(/is not an unqualified Lambda function ARN/);
  });
});

describe("the manifest and the CreateJob request", () => {
  it("writes one `bucket,key` line per object with the key URL-encoded, which the handler decodes back exactly", () => {
    const keys = ["uploads/a.jpg", "uploads/with space.jpg", "uploads/comma,name.jpg", "uploads/plus+sign.jpg", "uploads/ünï/ç.png", "uploads/new\nline.jpg"];
    const csv = manifestCsv(BUCKET, keys);
    expect(csv).toBe(
      [
        `${BUCKET},uploads%2Fa.jpg`,
        `${BUCKET},uploads%2Fwith%20space.jpg`,
        `${BUCKET},uploads%2Fcomma%2Cname.jpg`,
        `${BUCKET},uploads%2Fplus%2Bsign.jpg`,
        `${BUCKET},uploads%2F%C3%BCn%C3%AF%2F%C3%A7.png`,
        `${BUCKET},uploads%2Fnew%0Aline.jpg`,
        "",
      ].join("\n"),
    );
    const decoded = csv
      .trimEnd()
      .split("\n")
      .map((line) => decodeEventKey(line.split(",")[1]));
    expect(decoded).toEqual(keys);
  });

  it("asks for LambdaInvoke schema 2.0 on the function, the CSV manifest by ARN and ETag, and a report of all tasks", () => {
    const request = createJobRequest(TARGET, {
      prefix: "uploads/2026/",
      manifestKey: "batch-operations/manifests/m.csv",
      manifestEtag: "9b2cf535f27731c974343645a3985328",
      objects: 42,
      token: "token-1",
    });
    expect(request).toEqual({
      AccountId: ACCOUNT,
      ConfirmationRequired: false,
      ClientRequestToken: "token-1",
      Description: "reprocess uploads/2026/ (42 objects)",
      Priority: 10,
      RoleArn: ROLE_ARN,
      Operation: { LambdaInvoke: { FunctionArn: FUNCTION_ARN, InvocationSchemaVersion: "2.0", UserArguments: { command: "reprocess", prefix: "uploads/2026/" } } },
      Manifest: {
        Spec: { Format: "S3BatchOperations_CSV_20180820", Fields: ["Bucket", "Key"] },
        Location: { ObjectArn: `arn:aws:s3:::${BUCKET}/batch-operations/manifests/m.csv`, ETag: "9b2cf535f27731c974343645a3985328" },
      },
      Report: { Bucket: `arn:aws:s3:::${BUCKET}`, Prefix: "batch-operations/reports", Format: "Report_CSV_20180820", Enabled: true, ReportScope: "AllTasks" },
    });
    // The report lands under <Prefix>/job-<id>/, inside the prefix the role may write.
    expect(`${request.Report?.Prefix}/job-1/results/x.csv`.startsWith(TARGET.reportPrefix)).toBe(true);
  });
});

describe("against moto", () => {
  jest.setTimeout(180_000);
  let moto: PrivateMoto | undefined;
  let s3: S3Client;
  let keyArn = "";
  let workDir = "";
  const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
  const uploads = [...Array.from({ length: 1003 }, (_, i) => `uploads/bulk/${String(i).padStart(4, "0")}.jpg`), "uploads/a b/ç.png"];

  beforeAll(async () => {
    moto = await startPrivateMoto();
    s3 = new S3Client({ endpoint: moto.endpoint, region: REGION, credentials, forcePathStyle: true });
    keyArn = (await new KMSClient({ endpoint: moto.endpoint, region: REGION, credentials }).send(new CreateKeyCommand({}))).KeyMetadata?.Arn ?? "";
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const others = ["uploads/folder/", "processed/bulk/0000.jpg/256.jpg", "elsewhere/x.jpg"];
    const all = [...uploads, ...others];
    for (let i = 0; i < all.length; i += 50) {
      await Promise.all(all.slice(i, i + 50).map((Key) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: "x" }))));
    }
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "reprocess-"));
  }, 660_000);

  afterAll(() => {
    moto?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function manifests(): Promise<string[]> {
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "batch-operations/" }));
    return Contents.map((c) => c.Key ?? "");
  }

  it("--dry-run lists every upload (across pages), writes nothing and creates no job", async () => {
    const control = mockClient(S3ControlClient);
    try {
      const result = await reprocess({ s3, s3control: new S3ControlClient({ region: REGION }) }, { ...TARGET, kmsKeyArn: keyArn }, { dryRun: true });
      expect(result).toMatchObject({ prefix: "uploads/", objects: uploads.length, dryRun: true });
      expect(result.request?.Operation?.LambdaInvoke?.InvocationSchemaVersion).toBe("2.0");
      expect(control.commandCalls(CreateJobCommand)).toHaveLength(0);
      expect(await manifests()).toEqual([]);
    } finally {
      control.restore();
    }
  });

  it("writes the manifest under SSE-KMS and creates the job with its real ETag", async () => {
    const control = mockClient(S3ControlClient);
    control.on(CreateJobCommand).resolves({ JobId: "0d1b2c3a-job" });
    try {
      const now = new Date("2026-12-01T10:00:00.000Z");
      const target = { ...TARGET, kmsKeyArn: keyArn };
      const result = await reprocess({ s3, s3control: new S3ControlClient({ region: REGION }) }, target, { prefix: "uploads/", dryRun: false }, now);

      const [manifestKey] = await manifests();
      expect(manifestKey).toMatch(/^batch-operations\/manifests\/2026-12-01T10-00-00-000Z-[0-9a-f-]{36}\.csv$/);
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: manifestKey }));
      expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(["aws:kms", keyArn]);
      const body = await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: manifestKey }))).Body?.transformToString();
      expect(body).toBe(manifestCsv(BUCKET, [...uploads].sort()));

      const etag = (head.ETag ?? "").replace(/"/g, "");
      const token = /-([0-9a-f-]{36})\.csv$/.exec(manifestKey)?.[1] ?? "";
      const sent = control.commandCalls(CreateJobCommand).map((call) => call.args[0].input);
      expect(sent).toEqual([createJobRequest(target, { prefix: "uploads/", manifestKey, manifestEtag: etag, objects: uploads.length, token })]);
      expect(result).toMatchObject({
        objects: uploads.length,
        jobId: "0d1b2c3a-job",
        manifest: { uri: `s3://${BUCKET}/${manifestKey}`, etag },
        report: `s3://${BUCKET}/batch-operations/reports/job-0d1b2c3a-job/`,
        watch: `aws s3control describe-job --region ${REGION} --account-id ${ACCOUNT} --job-id 0d1b2c3a-job --query 'Job.[Status,ProgressSummary]'`,
      });
    } finally {
      control.restore();
    }
  });

  it("creates nothing when the prefix holds no uploads", async () => {
    const control = mockClient(S3ControlClient);
    try {
      const result = await reprocess({ s3, s3control: new S3ControlClient({ region: REGION }) }, TARGET, { prefix: "uploads/none/", dryRun: false });
      expect(result).toEqual({ prefix: "uploads/none/", objects: 0, dryRun: false });
      expect(control.commandCalls(CreateJobCommand)).toHaveLength(0);
    } finally {
      control.restore();
    }
  });

  describe("as a process (npm run reprocess)", () => {
    /** A stand-in Pulumi CLI that knows one stack, `dev`, and prints its outputs. */
    function fakePulumi(): string {
      const bin = path.join(workDir, "bin");
      fs.mkdirSync(bin, { recursive: true });
      const script = [
        "#!/bin/sh",
        `if [ "$*" = "stack output --json --stack dev" ]; then`,
        `  cat <<'JSON'`,
        JSON.stringify({ ...OUTPUTS, keyArn }),
        "JSON",
        "else",
        `  echo "error: no stack named '$5' found" >&2; exit 255`,
        "fi",
        "",
      ].join("\n");
      fs.writeFileSync(path.join(bin, "pulumi"), script, { mode: 0o755 });
      return bin;
    }
    const env = (): Record<string, string> => ({
      PATH: `${fakePulumi()}:${process.env.PATH ?? ""}`,
      AWS_ENDPOINT_URL: moto?.endpoint ?? "",
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_PROFILE: "",
    });

    it("--stack dev --prefix ... --dry-run --json prints the count and the request it would send", async () => {
      const result = await runScript("scripts/reprocess.ts", ["--stack", "dev", "--prefix", "uploads/a b/", "--dry-run", "--json"], env());
      expect(result.stderr).not.toMatch(/reprocess:|Error/);
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as { objects: number; prefix: string; dryRun: boolean; request: { Operation: unknown; RoleArn: string } };
      expect(printed).toMatchObject({ prefix: "uploads/a b/", objects: 1, dryRun: true, request: { RoleArn: ROLE_ARN } });
      expect(printed.request.Operation).toEqual({
        LambdaInvoke: { FunctionArn: FUNCTION_ARN, InvocationSchemaVersion: "2.0", UserArguments: { command: "reprocess", prefix: "uploads/a b/" } },
      });
    });

    it("exits 2 with the Pulumi CLI's reason for an unknown stack, and with the usage for no arguments", async () => {
      const unknown = await runScript("scripts/reprocess.ts", ["--stack", "prod"], env());
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim()).toBe(
        "reprocess: cannot read the outputs of stack \"prod\" with `pulumi stack output --json`: error: no stack named 'prod' found (or pass --bucket, --function-arn, --role-arn and --kms-key-arn instead of --stack)",
      );
      const none = await runScript("scripts/reprocess.ts", [], env());
      expect(none.code).toBe(2);
      expect(none.stderr.trim()).toBe("reprocess: --stack <name> is required (or all of --bucket, --function-arn, --role-arn and --kms-key-arn)");
    });

    it("without the Pulumi CLI, names the flags that replace --stack; --json makes the failure JSON", async () => {
      const noCli = { ...env(), PATH: path.dirname(process.execPath) };
      const result = await runScript("scripts/reprocess.ts", ["--stack", "dev", "--json"], noCli);
      expect(result.code).toBe(2);
      const doc = JSON.parse(result.stdout) as { tool: string; exitCode: number; error: { message: string } };
      expect([doc.tool, doc.exitCode]).toEqual(["reprocess", 2]);
      expect(doc.error.message).toContain("the Pulumi CLI, which is not installed or not on PATH");
      expect(doc.error.message).toContain("or pass --bucket, --function-arn, --role-arn and --kms-key-arn instead of --stack");
    });

    it("takes the region from the function ARN, not the environment; an AWS error exits 2 naming the call", async () => {
      const args = ["--bucket", BUCKET, "--function-arn", FUNCTION_ARN, "--role-arn", ROLE_ARN, "--kms-key-arn", keyArn, "--dry-run", "--json"];
      const ok = await runScript("scripts/reprocess.ts", args, { ...env(), AWS_REGION: "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "" });
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ objects: uploads.length, dryRun: true });
      const missing = await runScript("scripts/reprocess.ts", ["--bucket", "no-such-bucket", ...args.slice(2)], env());
      expect(missing.code).toBe(2);
      expect(JSON.parse(missing.stdout)).toMatchObject({ tool: "reprocess", error: { service: "S3", operation: "ListObjectsV2", code: "NoSuchBucket" } });
    });
  });
});
