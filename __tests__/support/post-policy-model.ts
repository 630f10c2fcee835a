/**
 * A model of how S3 judges a browser-based POST upload against its signed policy (S3 API
 * Reference, "Creating a POST policy" and "Browser-based uploads using POST"), for what the
 * emulator does not check: moto 5.2.5's POST handler stores whatever is posted without reading
 * the policy, the signature or the expiry. Rules, in S3's order:
 *
 *  - fields after the `file` field are ignored; a form field name is matched case-insensitively;
 *  - the signature is the SigV4 HMAC of the base64 policy under the credential's scope;
 *  - an expired policy is refused;
 *  - every condition must hold (exact match, `eq`, `starts-with`, `content-length-range` on the
 *    file's real size; `bucket` is the bucket posted to);
 *  - every field other than `policy`, `x-amz-signature`, `file` and `x-ignore-*` needs a condition.
 *
 * One choice of ours: a field sent twice is refused (S3 does not document which value it takes;
 * refusing means the second value can never win).
 */
import { createHmac } from "node:crypto";

export type FormEntry = readonly [name: string, value: string] | { readonly file: Buffer; readonly contentType?: string };

export interface PostRequest {
  readonly bucket: string;
  readonly entries: readonly FormEntry[];
  readonly now: Date;
  /** Secret keys by access key id: what S3 knows of the signer. */
  readonly secrets: Readonly<Record<string, string>>;
}

export type PostVerdict =
  | { readonly accepted: true; readonly key: string; readonly fields: Readonly<Record<string, string>>; readonly size: number }
  | { readonly accepted: false; readonly code: string; readonly reason: string };

const EXEMPT = new Set(["policy", "x-amz-signature", "file"]);
const REQUIRED = ["key", "policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"];

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** SigV4 signature of a POST policy: HMAC(signing key of the credential scope, base64 policy). */
export function postPolicySignature(secret: string, scope: { date: string; region: string; service: string }, policyBase64: string): string {
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, scope.date), scope.region), scope.service), "aws4_request");
  return hmac(signingKey, policyBase64).toString("hex");
}

const refuse = (code: string, reason: string): PostVerdict => ({ accepted: false, code, reason });

export function judgePost(request: PostRequest): PostVerdict {
  const fileAt = request.entries.findIndex((e) => !Array.isArray(e));
  if (fileAt < 0) return refuse("InvalidArgument", "POST requires exactly one file upload per request");
  const file = request.entries[fileAt] as { file: Buffer };
  const fields = new Map<string, string>();
  for (const entry of request.entries.slice(0, fileAt) as (readonly [string, string])[]) {
    const name = entry[0].toLowerCase();
    if (fields.has(name)) return refuse("InvalidArgument", `field ${entry[0]} is sent more than once`);
    fields.set(name, entry[1]);
  }
  for (const name of REQUIRED) if (!fields.has(name)) return refuse("InvalidArgument", `missing form field ${name}`);

  const credential = fields.get("x-amz-credential")!.split("/");
  if (credential.length !== 5 || credential[4] !== "aws4_request") return refuse("InvalidArgument", "malformed x-amz-credential");
  const [accessKeyId, date, region, service] = credential;
  const secret = request.secrets[accessKeyId];
  if (secret === undefined) return refuse("InvalidAccessKeyId", `unknown access key ${accessKeyId}`);
  const policyBase64 = fields.get("policy")!;
  if (postPolicySignature(secret, { date, region, service }, policyBase64) !== fields.get("x-amz-signature")) {
    return refuse("SignatureDoesNotMatch", "the signature does not match the policy and credential");
  }
  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyBase64, "base64").toString("utf8")) as typeof policy;
  } catch {
    return refuse("InvalidPolicyDocument", "the policy is not JSON");
  }
  if (typeof policy.expiration !== "string" || !Array.isArray(policy.conditions)) return refuse("InvalidPolicyDocument", "the policy needs expiration and conditions");
  if (!(request.now.getTime() < Date.parse(policy.expiration))) return refuse("AccessDenied", "Invalid according to Policy: Policy expired.");

  const valueOf = (name: string): string | undefined => (name === "bucket" ? request.bucket : fields.get(name));
  const covered = new Set<string>(["bucket"]);
  for (const condition of policy.conditions as unknown[]) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as [string, unknown, unknown];
      if (op === "content-length-range") {
        if (!(file.file.length >= Number(a) && file.file.length <= Number(b))) {
          return refuse(file.file.length > Number(b) ? "EntityTooLarge" : "EntityTooSmall", `file of ${file.file.length} bytes outside [${String(a)}, ${String(b)}]`);
        }
        continue;
      }
      const name = String(a).replace(/^\$/, "").toLowerCase();
      covered.add(name);
      const value = valueOf(name);
      const holds = op === "eq" ? value === b : op === "starts-with" ? value !== undefined && value.startsWith(String(b)) : false;
      if (!holds) return refuse("AccessDenied", `Invalid according to Policy: Policy Condition failed: ["${op}", "$${name}", ${JSON.stringify(b)}]`);
    } else {
      for (const [rawName, expected] of Object.entries(condition as Record<string, string>)) {
        const name = rawName.toLowerCase();
        covered.add(name);
        if (valueOf(name) !== expected) return refuse("AccessDenied", `Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", ${JSON.stringify(expected)}]`);
      }
    }
  }
  for (const name of fields.keys()) {
    if (!EXEMPT.has(name) && !name.startsWith("x-ignore-") && !covered.has(name)) {
      return refuse("AccessDenied", `Invalid according to Policy: Extra input fields: ${name}`);
    }
  }
  return { accepted: true, key: fields.get("key")!, fields: Object.fromEntries(fields), size: file.file.length };
}

/** The form's fields in the order a client sends them, then the file. */
export function formEntries(fields: Readonly<Record<string, string>>, file: Buffer): FormEntry[] {
  return [...Object.entries(fields).map(([name, value]) => [name, value] as const), { file }];
}
