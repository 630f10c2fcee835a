/**
 * `npm run plan` with the policy verdicts, run as a user runs it (ts-node, separate process): the
 * dev stack passes, a broken program fails with exit code 1 and its violations in --json.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { readPolicyConfig } from "../../offline/plan-sections";

const ROOT = path.resolve(__dirname, "../..");

function plan(...args: string[]) {
  const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/ts-node/dist/bin.js"), "--transpile-only", "tools/plan.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

it("prints a pull-request comment for the dev stack and exits 0 (no mandatory violation)", () => {
  const { code, stdout, stderr } = plan("--markdown");
  expect([code, stderr.includes("plan failed")]).toEqual([0, false]);
  const lines = stdout.trim().split("\n");
  expect(lines[0]).toBe("### Policy pack: ✅ No mandatory policy violations");
  expect(lines[2]).toMatch(/^Stack `dev`: \d+ resources planned; 0 mandatory, 10 advisory\.$/);
  expect(lines).toContain("#### Advisory");
  expect(stdout).not.toContain("#### Mandatory");
}, 200_000);

it("fails a broken program given with --program, listing its violations in --json", () => {
  const { code, stdout } = plan("--program", "__tests__/stack/variants/raw-additions-program.ts", "--json");
  expect(code).toBe(1);
  const document = JSON.parse(stdout) as { stack: string; resources: unknown[]; violations: Record<string, string>[] };
  expect(document.stack).toBe("dev");
  const mandatory = document.violations.filter((v) => v.enforcementLevel === "mandatory");
  expect(mandatory).toHaveLength(15);
  for (const v of document.violations) expect(Object.keys(v).sort()).toEqual(["enforcementLevel", "message", "policyName", "urn"]);
  expect(mandatory.map((v) => v.policyName)).toContain("iam-no-wildcard-actions");
}, 200_000);

it("reads --policy-pack-config files and rejects bad ones with the file and the problem", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "policy-config-"));
  const good = path.join(dir, "good.json");
  writeFileSync(good, JSON.stringify({ "lambda-free-tier-limits": { maxMemoryMb: 1024 }, "lambda-arm64": "disabled" }));
  expect(readPolicyConfig(good)).toEqual({ "lambda-free-tier-limits": { maxMemoryMb: 1024 }, "lambda-arm64": "disabled" });
  const broken = path.join(dir, "broken.json");
  writeFileSync(broken, "{");
  expect(() => readPolicyConfig(broken)).toThrow(new RegExp(`^--policy-pack-config: ${broken} is not valid JSON: `));
  const list = path.join(dir, "list.json");
  writeFileSync(list, "[]");
  expect(() => readPolicyConfig(list)).toThrow(`--policy-pack-config: ${list} must hold an object keyed by policy name, e.g. {"lambda-free-tier-limits": {"maxMemoryMb": 1024}}`);
  expect(() => readPolicyConfig(path.join(dir, "missing.json"))).toThrow(/^--policy-pack-config: cannot read .*missing\.json: ENOENT/);
});

it("judges a program whose policy comes from aws.iam.getPolicyDocumentOutput (the mocks build the document)", () => {
  const { code, stdout } = plan("--program", "__tests__/policy/corpus/programs/s3-policy-get-policy-document.ts", "--json");
  expect(code).toBe(1);
  const document = JSON.parse(stdout) as { resources: { type: string; inputs: { policy?: string } }[]; violations: Record<string, string>[] };
  const policy = JSON.parse(document.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")!.inputs.policy!);
  expect(policy).toEqual({
    Version: "2012-10-17",
    Statement: [{ Sid: "Public", Effect: "Allow", Action: "s3:GetObject", Resource: expect.stringMatching(/^arn:aws:s3:::data-[0-9a-f]{7}\/\*$/), Principal: "*" }],
  });
  expect(document.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName)).toContain("resource-policy-no-public-principal");
}, 200_000);

it("fails once with the cause when the program needs an invoke the mocks do not answer", () => {
  const { code, stderr } = plan("--program", "__tests__/stack/variants/unanswered-invoke-program.ts");
  // Could not plan: the usage-or-program-error code, not the policy code.
  expect(code).toBe(2);
  expect(stderr).not.toContain("error serializing property");
  expect(stderr.match(/plan failed/g)).toHaveLength(1);
  expect(stderr).toContain(
    `plan failed: The program failed: the offline mocks do not answer the invoke aws:index/getAvailabilityZones:getAvailabilityZones (resources left unregistered: aws:s3/bucket:Bucket "zone-bucket", aws:sns/topic:Topic "zone-topic"): add it to offline/mocks.ts`,
  );
}, 200_000);

it("lists an acknowledged finding with its reason, and fails on an acknowledgement without one", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "policy-ack-"));
  const reasoned = path.join(dir, "reasoned.json");
  const reason = "findings are kept until the security review closes them";
  writeFileSync(reasoned, JSON.stringify({ "s3-lifecycle-expiration": { acknowledge: [{ resource: "findings-bucket", reason }] } }));
  const accepted = plan("--policy-pack-config", reasoned);
  expect(accepted.code).toBe(0);
  expect(accepted.stdout).toMatch(/Policy verdicts: 0 mandatory, \d+ advisory \(1 acknowledged\)/);
  expect(accepted.stdout).toContain(`Acknowledged (accepted in the pack config, with the reason):\n  ~ s3-lifecycle-expiration  findings-bucket (aws:s3/bucket:Bucket)`);
  expect(accepted.stdout).toContain(`(reason: ${reason})`);
  const bare = path.join(dir, "bare.json");
  writeFileSync(bare, JSON.stringify({ "s3-lifecycle-expiration": { acknowledge: [{ resource: "findings-bucket" }] } }));
  const refused = plan("--policy-pack-config", bare, "--json");
  expect(refused.code).toBe(1);
  const mandatory = (JSON.parse(refused.stdout) as { violations: Record<string, string>[] }).violations.filter((v) => v.enforcementLevel === "mandatory");
  expect(mandatory.map((v) => `${v.policyName}: ${v.message}`)).toEqual([
    `s3-lifecycle-expiration: acknowledgement on "findings-bucket" has no reason: say why the finding is accepted`,
  ]);
}, 200_000);
