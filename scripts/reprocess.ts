/**
 * Reprocesses existing uploads with an S3 Batch Operations job (docs/reprocessing.md): lists the
 * uploads under a prefix, writes them as a CSV manifest into the bucket's manifest prefix, and
 * creates a job that invokes the image function for each object (LambdaInvoke, invocation schema
 * 2.0), with a report of every task under the report prefix. The job runs in AWS, at Batch
 * Operations' pace, under the stack's least-privilege reprocess role; this command only starts it.
 *
 * Usage:
 *   npm run reprocess -- --stack <name> [--prefix uploads/...] [--dry-run] [--json]
 *   npm run reprocess -- --bucket <name> --function-arn <arn> --role-arn <arn> --kms-key-arn <arn> [...]
 * With --stack, the names come from `pulumi stack output --json --stack <name>`; explicit flags
 * override them. The region is --region, else the function ARN's; credentials come from the usual
 * AWS environment. A failed AWS call is named (service, operation, error code, fix).
 * Exit (tools/exit-codes.ts): 0 when the job was created (or, with --dry-run, listed; or nothing
 * to do); 2 when it could not run (bad arguments, no stack outputs, an AWS error), with --json as
 * a JSON failure document.
 */
import "./lib/quiet-sdk";
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateJobCommand, S3ControlClient, type CreateJobCommandInput } from "@aws-sdk/client-s3-control";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { HANDLER_DEFAULTS } from "../handlers/config";
import { REPROCESS_JOB_DEFAULTS } from "../components/reprocess-prefixes";
import { BATCH_SCHEMA_VERSION } from "../handlers/batch-events";
import { EXIT } from "../tools/exit-codes";
import { nameFailures } from "./lib/aws-failure";
import { chooseRegion, regionOfArn, type RegionChoice } from "./lib/region";
import { readStackOutputs } from "./lib/stack-outputs";
import { reportFailure, wantsJson } from "./lib/tool-failure";

export interface ReprocessOptions {
  readonly stack?: string;
  readonly bucket?: string;
  readonly functionArn?: string;
  readonly roleArn?: string;
  readonly kmsKeyArn?: string;
  readonly prefix?: string;
  readonly region?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
}

/** Everything the job needs, from the stack outputs or the flags. */
export interface ReprocessTarget {
  readonly bucket: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly kmsKeyArn: string;
  readonly uploadPrefix: string;
  readonly manifestPrefix: string;
  readonly reportPrefix: string;
}

/** Stack outputs this command reads (index.ts exports them). */
export const STACK_OUTPUTS = {
  bucket: "bucketName",
  functionArn: "functionArn",
  roleArn: "reprocessRoleArn",
  kmsKeyArn: "keyArn",
  uploadPrefix: "uploadPrefix",
  manifestPrefix: "reprocessManifestPrefix",
  reportPrefix: "reprocessReportPrefix",
} as const;

/** The command's flags (docs/reprocessing.md lists each). */
export const REPROCESS_FLAGS = {
  stack: { type: "string" },
  bucket: { type: "string" },
  "function-arn": { type: "string" },
  "role-arn": { type: "string" },
  "kms-key-arn": { type: "string" },
  prefix: { type: "string" },
  region: { type: "string" },
  "dry-run": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
} as const;

/** Parses the command line; throws a message naming the bad or missing flag. */
export function parseReprocessArgs(argv: string[]): ReprocessOptions {
  const { values } = parseArgs({ args: argv, options: REPROCESS_FLAGS, strict: true });
  if (!values.stack && !(values.bucket && values["function-arn"] && values["role-arn"] && values["kms-key-arn"])) {
    throw new Error("--stack <name> is required (or all of --bucket, --function-arn, --role-arn and --kms-key-arn)");
  }
  return {
    stack: values.stack,
    bucket: values.bucket,
    functionArn: values["function-arn"],
    roleArn: values["role-arn"],
    kmsKeyArn: values["kms-key-arn"],
    prefix: values.prefix,
    region: values.region,
    dryRun: values["dry-run"] ?? false,
    json: values.json ?? false,
  };
}

/** The flags that replace `--stack` when the Pulumi CLI or the stack's backend is not at hand. */
export const FLAGS_INSTEAD_OF_STACK = "--bucket, --function-arn, --role-arn and --kms-key-arn";

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/[\w+=,.@/-]+$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Merges flags over stack outputs and validates the result; throws naming what is wrong. */
export function resolveTarget(options: ReprocessOptions, outputs: Record<string, unknown> = {}): ReprocessTarget {
  const output = (name: string): string | undefined => (typeof outputs[name] === "string" ? (outputs[name] as string) : undefined);
  const target: ReprocessTarget = {
    bucket: options.bucket ?? output(STACK_OUTPUTS.bucket) ?? "",
    functionArn: options.functionArn ?? output(STACK_OUTPUTS.functionArn) ?? "",
    roleArn: options.roleArn ?? output(STACK_OUTPUTS.roleArn) ?? "",
    kmsKeyArn: options.kmsKeyArn ?? output(STACK_OUTPUTS.kmsKeyArn) ?? "",
    uploadPrefix: output(STACK_OUTPUTS.uploadPrefix) ?? HANDLER_DEFAULTS.uploadPrefix,
    manifestPrefix: output(STACK_OUTPUTS.manifestPrefix) ?? REPROCESS_JOB_DEFAULTS.manifestPrefix,
    reportPrefix: output(STACK_OUTPUTS.reportPrefix) ?? REPROCESS_JOB_DEFAULTS.reportPrefix,
  };
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(target.bucket)) problems.push(`bucket name "${target.bucket}" is not valid (--bucket or output ${STACK_OUTPUTS.bucket})`);
  if (!FUNCTION_ARN.test(target.functionArn))
    problems.push(`function ARN "${target.functionArn}" is not an unqualified Lambda function ARN (--function-arn or output ${STACK_OUTPUTS.functionArn})`);
  if (!ROLE_ARN.test(target.roleArn)) problems.push(`role ARN "${target.roleArn}" is not an IAM role ARN (--role-arn or output ${STACK_OUTPUTS.roleArn})`);
  if (!KEY_ARN.test(target.kmsKeyArn)) problems.push(`KMS key ARN "${target.kmsKeyArn}" is not a key ARN (--kms-key-arn or output ${STACK_OUTPUTS.kmsKeyArn})`);
  const prefix = options.prefix ?? target.uploadPrefix;
  if (!prefix.startsWith(target.uploadPrefix)) problems.push(`--prefix "${prefix}" must start with the upload prefix "${target.uploadPrefix}"`);
  if (problems.length > 0) throw new Error(problems.join("; "));
  return target;
}

/**
 * One manifest line per object: `bucket,key` with the key URL-encoded, as the
 * S3BatchOperations_CSV_20180820 format requires (so commas and newlines in keys are safe).
 */
export function manifestCsv(bucket: string, keys: readonly string[]): string {
  return keys.map((key) => `${bucket},${encodeURIComponent(key)}\n`).join("");
}

/** The CreateJob request: LambdaInvoke with schema 2.0, a CSV manifest, a report of all tasks. */
export function createJobRequest(
  target: ReprocessTarget,
  job: { readonly prefix: string; readonly manifestKey: string; readonly manifestEtag: string; readonly objects: number; readonly token: string },
): CreateJobCommandInput {
  const [, partition, account] = ROLE_ARN.exec(target.roleArn) ?? [];
  const bucketArn = `arn:${partition}:s3:::${target.bucket}`;
  return {
    AccountId: account,
    ConfirmationRequired: false,
    ClientRequestToken: job.token,
    Description: `reprocess ${job.prefix} (${job.objects} objects)`.slice(0, 256),
    Priority: 10,
    RoleArn: target.roleArn,
    Operation: {
      LambdaInvoke: {
        FunctionArn: target.functionArn,
        InvocationSchemaVersion: BATCH_SCHEMA_VERSION,
        UserArguments: { command: "reprocess", prefix: job.prefix.slice(0, 1024) },
      },
    },
    Manifest: {
      Spec: { Format: "S3BatchOperations_CSV_20180820", Fields: ["Bucket", "Key"] },
      Location: { ObjectArn: `${bucketArn}/${job.manifestKey}`, ETag: job.manifestEtag },
    },
    // Batch Operations writes under <Prefix>/job-<id>/: the prefix goes without its trailing "/".
    Report: { Bucket: bucketArn, Prefix: target.reportPrefix.replace(/\/$/, ""), Format: "Report_CSV_20180820", Enabled: true, ReportScope: "AllTasks" },
  };
}

/** Every object under the prefix (folder placeholders skipped: the handler would refuse them). */
export async function listUploads(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith("/")) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export interface ReprocessResult {
  readonly prefix: string;
  readonly objects: number;
  readonly dryRun: boolean;
  readonly manifest?: { readonly uri: string; readonly etag: string };
  readonly jobId?: string;
  readonly report?: string;
  readonly watch?: string;
  readonly request?: CreateJobCommandInput;
}

export interface ReprocessClients {
  readonly s3: S3Client;
  readonly s3control: S3ControlClient;
}

/** Lists, writes the manifest and creates the job (or, dry, only lists and shows the request). */
export async function reprocess(
  clients: ReprocessClients,
  target: ReprocessTarget,
  options: Pick<ReprocessOptions, "prefix" | "dryRun">,
  now = new Date(),
): Promise<ReprocessResult> {
  const prefix = options.prefix ?? target.uploadPrefix;
  const keys = await listUploads(clients.s3, target.bucket, prefix);
  if (keys.length === 0) return { prefix, objects: 0, dryRun: options.dryRun };
  const token = randomUUID();
  const manifestKey = `${target.manifestPrefix}${now.toISOString().replace(/[:.]/g, "-")}-${token}.csv`;
  if (options.dryRun) {
    return {
      prefix,
      objects: keys.length,
      dryRun: true,
      request: createJobRequest(target, { prefix, manifestKey, manifestEtag: "(set when written)", objects: keys.length, token }),
    };
  }
  const put = await clients.s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: manifestKey,
      Body: manifestCsv(target.bucket, keys),
      ContentType: "text/csv",
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: target.kmsKeyArn,
      BucketKeyEnabled: true,
    }),
  );
  const manifestEtag = (put.ETag ?? "").replace(/"/g, "");
  if (!manifestEtag) throw new Error(`S3 returned no ETag for the manifest s3://${target.bucket}/${manifestKey}`);
  const request = createJobRequest(target, { prefix, manifestKey, manifestEtag, objects: keys.length, token });
  const { JobId } = await clients.s3control.send(new CreateJobCommand(request));
  if (!JobId) throw new Error("S3 Control CreateJob returned no JobId");
  const region = await clients.s3control.config.region();
  return {
    prefix,
    objects: keys.length,
    dryRun: false,
    manifest: { uri: `s3://${target.bucket}/${manifestKey}`, etag: manifestEtag },
    jobId: JobId,
    report: `s3://${target.bucket}/${target.reportPrefix}job-${JobId}/`,
    watch: `aws s3control describe-job --region ${region} --account-id ${request.AccountId} --job-id ${JobId} --query 'Job.[Status,ProgressSummary]'`,
    request,
  };
}

/** What the operator reads: the job, where its report goes, how to watch it. */
export function describeResult(result: ReprocessResult): string {
  if (result.objects === 0) return `Nothing to reprocess: no objects under ${result.prefix}.`;
  if (result.dryRun) {
    return [
      `Dry run: ${result.objects} object(s) under ${result.prefix} would be reprocessed. No manifest written, no job created.`,
      `CreateJob request that would be sent:`,
      JSON.stringify(result.request, null, 2),
    ].join("\n");
  }
  return [
    `Created S3 Batch Operations job ${result.jobId} for ${result.objects} object(s) under ${result.prefix}.`,
    `Manifest: ${result.manifest?.uri} (ETag ${result.manifest?.etag})`,
    `Report:   ${result.report}`,
    `Watch:    ${result.watch}`,
  ].join("\n");
}

/** --region, else the function's region (the job runs there, beside the bucket and the function). */
export function reprocessRegion(options: Pick<ReprocessOptions, "region">, target: Pick<ReprocessTarget, "functionArn">): RegionChoice | undefined {
  return chooseRegion([
    { from: "--region", region: options.region },
    { from: "the function ARN", region: regionOfArn(target.functionArn) },
  ]);
}

function clients(region: string | undefined): ReprocessClients {
  const customEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  return { s3: nameFailures(new S3Client({ region, forcePathStyle: customEndpoint })), s3control: nameFailures(new S3ControlClient({ region })) };
}

async function main(argv: string[]): Promise<number> {
  let options: ReprocessOptions;
  let target: ReprocessTarget;
  try {
    options = parseReprocessArgs(argv);
    target = resolveTarget(options, options.stack ? readStackOutputs(options.stack, FLAGS_INSTEAD_OF_STACK) : {});
  } catch (err) {
    return reportFailure("reprocess", err, wantsJson(argv));
  }
  let result: ReprocessResult;
  try {
    result = await reprocess(clients(reprocessRegion(options, target)?.region), target, options);
  } catch (err) {
    return reportFailure("reprocess", err, options.json);
  }
  const { request: _request, ...summary } = result;
  console.log(options.json ? JSON.stringify(result.dryRun ? result : summary) : describeResult(result));
  return EXIT.ok;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => (process.exitCode = reportFailure("reprocess", err, wantsJson(process.argv))),
  );
}
