// `npm run -s presign -- --stack <name> [--key K] [--content-type T] [--max-bytes N] [--expires S] [--json]`:
// issues a presigned POST form for one upload (client/upload-form.ts) signed as the stack's
// uploader role, and prints {url, fields, key, expiresAt}. Names come from the stack's outputs
// (`pulumi stack output --json`, or --outputs <file> holding that JSON); AWS credentials allowed to
// assume the uploader role and the region come from the usual AWS environment. Exit codes: EXIT.
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { createUploadForm, UPLOAD_CONTENT_TYPES, UPLOAD_FORM_LIMITS, UploadFormError, type UploadForm } from "../client/upload-form";
import { helpText, parseFlags, type FlagTable } from "./cli-flags";
import { EXIT } from "./exit-codes";

const FLAGS = {
  stack: { type: "string", value: "<name>", help: "stack whose outputs name the bucket, key and uploader role (required)" },
  outputs: { type: "string", value: "<file>", help: "read those outputs from this file (`pulumi stack output --json`) instead of the Pulumi CLI" },
  key: { type: "string", value: "<key>", help: "the object key, under the upload prefix (default: generated, <prefix>yyyy/mm/dd/<uuid>.<ext>)" },
  "content-type": { type: "string", value: "<type>", help: `${UPLOAD_CONTENT_TYPES.join(" | ")} (default: from --key's extension, else image/jpeg)` },
  "max-bytes": { type: "string", value: "<n>", help: "largest file admitted (default and maximum: the stack's maxImageBytes)" },
  expires: {
    type: "string",
    value: "<seconds>",
    help: `form lifetime, ${UPLOAD_FORM_LIMITS.expiresSeconds.min}-${UPLOAD_FORM_LIMITS.expiresSeconds.max} (default ${UPLOAD_FORM_LIMITS.expiresSeconds.default})`,
  },
  "path-style": { type: "boolean", default: false, help: "a path-style URL (https://<endpoint>/<bucket>), for a custom endpoint (AWS_ENDPOINT_URL) without per-bucket host names" },
  json: { type: "boolean", default: false, help: "print the form as JSON" },
} as const satisfies FlagTable;

export const PRESIGN_USAGE = [
  helpText("npm run -s presign -- --stack <name> [options]", FLAGS, { ok: "form issued", usage: "bad arguments, unreadable outputs or an AWS error" }),
  "",
  "Issues a presigned POST form for one upload under the stack's upload prefix, signed as its",
  "uploader role, and prints {url, fields, key, expiresAt}. POST the fields, then the file last.",
].join("\n");

export interface PresignOptions {
  readonly stack: string;
  readonly outputsFile?: string;
  readonly key?: string;
  readonly contentType: string;
  readonly maxBytes?: number;
  readonly expiresSeconds?: number;
  readonly pathStyle: boolean;
  readonly json: boolean;
}

/** Stack outputs the command reads (index.ts exports them). */
export const PRESIGN_STACK_OUTPUTS = {
  bucket: "bucketName",
  kmsKeyArn: "keyArn",
  uploaderRoleArn: "uploaderRoleArn",
  uploadPrefix: "uploadPrefix",
  maxImageBytes: "maxImageBytes",
} as const;

export interface PresignTarget {
  readonly bucket: string;
  readonly kmsKeyArn: string;
  readonly uploaderRoleArn: string;
  readonly uploadPrefix: string;
  readonly maxImageBytes: number;
}

function positiveInteger(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UploadFormError(`--${flag} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
};

/** Parses the command line; `"help"` when help was asked for. Throws `UploadFormError` naming the bad flag. */
export function parsePresignArgs(argv: readonly string[]): PresignOptions | "help" {
  let values;
  try {
    ({ values } = parseFlags(FLAGS, argv));
  } catch (error) {
    throw new UploadFormError((error as Error).message);
  }
  if (values.help) return "help";
  if (!values.stack) throw new UploadFormError("--stack <name> is required");
  const extension = values.key?.split(".").pop()?.toLowerCase() ?? "";
  return {
    stack: values.stack,
    outputsFile: values.outputs,
    key: values.key,
    contentType: values["content-type"] ?? BY_EXTENSION[extension] ?? "image/jpeg",
    maxBytes: positiveInteger("max-bytes", values["max-bytes"]),
    expiresSeconds: positiveInteger("expires", values.expires),
    pathStyle: values["path-style"],
    json: values.json,
  };
}

/** The outputs the form needs, checked; throws naming the missing or malformed output. */
export function presignTarget(outputs: Record<string, unknown>): PresignTarget {
  const text = (name: string): string => {
    const value = outputs[name];
    if (typeof value !== "string" || value === "") throw new UploadFormError(`the stack has no output "${name}" (deploy the current program first)`);
    return value;
  };
  const maxImageBytes = outputs[PRESIGN_STACK_OUTPUTS.maxImageBytes];
  if (typeof maxImageBytes !== "number" || !Number.isInteger(maxImageBytes) || maxImageBytes < 1) {
    throw new UploadFormError(`the stack has no whole-number output "${PRESIGN_STACK_OUTPUTS.maxImageBytes}" (deploy the current program first)`);
  }
  const uploaderRoleArn = text(PRESIGN_STACK_OUTPUTS.uploaderRoleArn);
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(uploaderRoleArn)) throw new UploadFormError(`output uploaderRoleArn is not a role ARN: ${uploaderRoleArn}`);
  return {
    bucket: text(PRESIGN_STACK_OUTPUTS.bucket),
    kmsKeyArn: text(PRESIGN_STACK_OUTPUTS.kmsKeyArn),
    uploaderRoleArn,
    uploadPrefix: text(PRESIGN_STACK_OUTPUTS.uploadPrefix),
    maxImageBytes,
  };
}

function readOutputs(options: PresignOptions): Record<string, unknown> {
  try {
    const json = options.outputsFile
      ? fs.readFileSync(options.outputsFile, "utf8")
      : execFileSync("pulumi", ["stack", "output", "--json", "--stack", options.stack], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new UploadFormError(`cannot read the outputs of stack "${options.stack}": ${stderr || (error as Error).message}`);
  }
}

/** Issues the form: assumes the uploader role for at least the form's lifetime and signs with it. */
export async function presign(options: PresignOptions, outputs: Record<string, unknown> = readOutputs(options)): Promise<UploadForm> {
  const target = presignTarget(outputs);
  const expiresSeconds = options.expiresSeconds ?? UPLOAD_FORM_LIMITS.expiresSeconds.default;
  const sts = new STSClient({});
  try {
    // A form signed with temporary credentials stops working when they expire: 15 minutes is STS's minimum.
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: target.uploaderRoleArn, RoleSessionName: `presign-${Date.now()}`, DurationSeconds: Math.max(900, expiresSeconds) }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`AssumeRole ${target.uploaderRoleArn} returned no credentials`);
    const s3 = new S3Client({ forcePathStyle: options.pathStyle, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
    try {
      return await createUploadForm({
        s3,
        bucket: target.bucket,
        kmsKeyArn: target.kmsKeyArn,
        contentType: options.contentType,
        key: options.key,
        uploadPrefix: target.uploadPrefix,
        handlerMaxBytes: target.maxImageBytes,
        maxBytes: options.maxBytes,
        expiresSeconds,
      });
    } finally {
      s3.destroy();
    }
  } finally {
    sts.destroy();
  }
}

/** Text output: what to send, and a curl line that sends it. */
export function describeForm(form: UploadForm): string {
  const fields = Object.entries(form.fields).map(([name, value]) => `  ${name}: ${value}`);
  const curl = ["curl --fail", ...Object.entries(form.fields).map(([name, value]) => `-F '${name}=${value}'`), "-F 'file=@<image file>'", `'${form.url}'`].join(" ");
  return [`POST ${form.url}`, `key: ${form.key}`, `expires: ${form.expiresAt}`, "fields (send them before the file):", ...fields, "", curl].join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  let options: PresignOptions | "help";
  try {
    options = parsePresignArgs(argv);
  } catch (error) {
    console.error(`presign: ${(error as Error).message}\n\n${PRESIGN_USAGE}`);
    return EXIT.usage;
  }
  if (options === "help") {
    console.log(PRESIGN_USAGE);
    return EXIT.ok;
  }
  try {
    const form = await presign(options);
    const text = options.json ? JSON.stringify({ url: form.url, fields: form.fields, key: form.key, expiresAt: form.expiresAt }, null, 2) : describeForm(form);
    await new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
    return EXIT.ok;
  } catch (error) {
    console.error(`presign: ${(error as Error).message}`);
    return EXIT.usage;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
