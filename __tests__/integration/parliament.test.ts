/**
 * An outside opinion on every IAM policy document the dev stack generates: parliament (PyPI,
 * pinned in requirements-dev.txt, in the .venv the end-to-end suite uses), run once over all of
 * them. Its errors fail the test; where it and the pack judge differently, a test says why.
 */
import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { ResourceRecord } from "../../offline/run-program";
import { loadDevStack } from "../stack/support/dev-stack";

const ROOT = path.resolve(__dirname, "../..");
const PARLIAMENT = path.join(ROOT, ".venv/bin/parliament");

interface Finding {
  issue: string;
  title: string;
  severity: string;
  detail: unknown;
  location: { filepath?: string };
}

let documents: { file: string; kind: string; resource: string }[];
let findings: (Finding & { file: string })[];
let dir: string;

beforeAll(async () => {
  if (!existsSync(PARLIAMENT)) execFileSync("bash", [path.join(ROOT, "scripts/python-env.sh")], { stdio: "inherit" });
  const resources: ResourceRecord[] = (await loadDevStack()).resources;
  dir = mkdtempSync(path.join(tmpdir(), "parliament-"));
  documents = [];
  const add = (r: ResourceRecord, kind: string, value: unknown, suffix = "") => {
    if (typeof value !== "string") return;
    const file = path.join(dir, `${r.name}${suffix}.json`);
    writeFileSync(file, value);
    documents.push({ file, kind, resource: r.name });
  };
  for (const r of resources) {
    if (["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"].includes(r.type)) add(r, "identity", r.inputs.policy);
    if (r.type === "aws:iam/role:Role") add(r, "trust", r.inputs.assumeRolePolicy, "-trust");
    if (["aws:s3/bucketPolicy:BucketPolicy", "aws:sns/topicPolicy:TopicPolicy", "aws:kms/key:Key"].includes(r.type)) add(r, "resource", r.inputs.policy);
  }
  // A known document both tools judge, to show where the pack is deliberately stricter.
  writeFileSync(path.join(dir, "sample-wildcard.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));
  // parliament exits non-zero when it has findings; stdout carries them, one JSON object a line.
  const run = spawnSync(PARLIAMENT, ["--directory", dir, "--include_policy_extension", ".json", "--json", "--minimum_severity", "INFO"], { encoding: "utf8" });
  if (run.error || run.stderr.includes("Traceback")) throw new Error(`parliament failed: ${run.error?.message ?? run.stderr}`);
  const out = run.stdout;
  findings = out
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((f: Finding) => ({ ...f, file: path.basename(f.location.filepath ?? "") }));
}, 120_000);

afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

const ERROR_SEVERITIES = ["MEDIUM", "HIGH", "CRITICAL"];
const byFile = (file: string) =>
  findings
    .filter((f) => f.file === file)
    .map((f) => `${f.severity} ${f.issue}: ${JSON.stringify(f.detail)}`)
    .sort();

/**
 * Findings parliament reports because it lints every document as an identity policy, each
 * checked against AWS's documentation in the test that names it below.
 */
function explained(f: Finding & { file: string }): boolean {
  const trustWithoutResource = f.file.endsWith("-trust.json") && f.issue === "MALFORMED" && f.detail === "Statement contains neither Resource nor NotResource";
  const logsKeyStatement =
    f.file === "pipeline-key.json" &&
    (f.issue === "UNKNOWN_CONDITION_FOR_ACTION" || f.issue === "MISMATCHED_TYPE") &&
    /kms:EncryptionContext:aws:logs:arn|ArnLike requires a value of type Arn but given String/.test(String(f.detail));
  return trustWithoutResource || logsKeyStatement;
}

it("lints every IAM document the dev stack generates: identity, trust and resource policies", () => {
  expect(documents.map((d) => `${d.kind} ${d.resource}`).sort()).toEqual([
    "identity clients-operator-policy",
    "identity clients-reader-policy",
    "identity clients-uploader-policy",
    "identity image-processor-boundary",
    "identity image-processor-policy",
    "identity reprocess-boundary",
    "identity reprocess-policy",
    "identity security-config-delivery-policy",
    "identity security-trail-logs",
    "resource access-logs-policy",
    "resource alerts-key",
    "resource findings-policy",
    "resource images-policy",
    "resource key-alerts-policy",
    "resource notifications-policy",
    "resource pipeline-key",
    "resource security-alerts-policy",
    "trust clients-operator",
    "trust clients-reader",
    "trust clients-uploader",
    "trust image-processor-role",
    "trust reprocess-role",
    "trust security-config-role",
    "trust security-trail-role",
  ]);
});

it("has no parliament error (MEDIUM or above) beyond the explained ones", () => {
  expect(findings.filter((f) => ERROR_SEVERITIES.includes(f.severity) && !explained(f)).map((f) => `${f.file} ${f.severity} ${f.issue}: ${JSON.stringify(f.detail)}`)).toEqual([]);
});

it("agrees with the pack on the identity policies: no finding at all", () => {
  const identity = [
    "image-processor-policy",
    "image-processor-boundary",
    "security-trail-logs",
    "security-config-delivery-policy",
    "clients-uploader-policy",
    "clients-reader-policy",
    "clients-operator-policy",
    "reprocess-policy",
    "reprocess-boundary",
  ];
  expect(identity.map((name) => [name, byFile(`${name}.json`)])).toEqual(identity.map((name) => [name, []]));
});

// Disagreement 1: parliament requires Resource in every statement, but AWS forbids Resource in a
// role trust policy (IAM rejects it as "Has prohibited field Resource"), so every trust policy of
// the stack draws parliament's MALFORMED finding, and none carries a Resource. The pack does not
// judge trust policies (it has no trust-policy rule).
it("explains the trust-policy findings: parliament reads them as identity policies", () => {
  const malformed = [`HIGH MALFORMED: "Statement contains neither Resource nor NotResource"`];
  expect(["security-trail-role-trust.json", "security-config-role-trust.json", "image-processor-role-trust.json", "reprocess-role-trust.json"].map(byFile)).toEqual([
    malformed,
    malformed,
    malformed,
    malformed,
  ]);
});

// Disagreement 2: the CloudWatch Logs statement of the key policy is AWS's documented one
// (kms:Encrypt/Decrypt/ReEncrypt*/GenerateDataKey*/Describe* with ArnLike on
// kms:EncryptionContext:aws:logs:arn). parliament's data types that key as String and does not
// list it for the Describe actions; AWS's guide for encrypting log groups uses exactly this form.
// In a key policy Resource "*" means "this key", so its RESOURCE_STAR notes (LOW) do not apply
// either, which is why the pack's wildcard-resource rule covers identity policies only.
it("explains the key-policy findings: AWS's documented CloudWatch Logs statement and key-policy Resource", () => {
  const key = byFile("pipeline-key.json");
  const notes = key.filter((f) => !f.startsWith("LOW RESOURCE_STAR")).map((f) => f.replace(/ for action kms:\w+/, ""));
  expect(new Set(notes)).toEqual(
    new Set([
      `MEDIUM MISMATCHED_TYPE: "Type mismatch: ArnLike requires a value of type Arn but given String"`,
      `MEDIUM UNKNOWN_CONDITION_FOR_ACTION: "Unknown condition kms:EncryptionContext:aws:logs:arn"`,
    ]),
  );
  expect(key.some((f) => f.startsWith("LOW RESOURCE_STAR"))).toBe(true);
});

// Disagreement 3, on purpose: parliament rates Resource "*" with a resource-scoped action LOW;
// the pack makes it a mandatory violation (security policy 3.2: no wildcard resources).
it("is stricter than parliament on wildcard resources", () => {
  expect(byFile("sample-wildcard.json")).toEqual([`LOW RESOURCE_STAR: ["s3:GetObject"]`]);
});
