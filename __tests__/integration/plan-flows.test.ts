/**
 * `npm run -s plan -- --flows` as a child process: the matrix, the `flows[]` JSON interface, the
 * VPC variant through `--config`, and the exit code. What the rows decide is proven in
 * flow-proof.test.ts.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { FLOW_ROWS } from "../../offline/flow-table";

const ROOT = path.join(__dirname, "../..");
const TS_NODE = path.join(ROOT, "node_modules/.bin/ts-node");

function plan(...args: string[]) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("PULUMI_")) delete env[key];
  const result = spawnSync(TS_NODE, ["--transpile-only", "tools/plan.ts", ...args], { cwd: ROOT, encoding: "utf8", env, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("--flows --json on the VPC variant: flows[] with {id, principal, action, resource, expected, decision}, every row as expected", () => {
  const result = plan("--flows", "--json", "--skip-policy", "--config", "vpcIsolation=true");
  expect([result.status, result.stderr.includes("plan failed")]).toEqual([0, false]);
  const json = JSON.parse(result.stdout) as { flows: Record<string, string>[]; resources: { type: string; inputs: Record<string, unknown> }[] };
  expect(json.flows.map((f) => Object.keys(f))).toEqual(FLOW_ROWS.map(() => ["id", "principal", "action", "resource", "expected", "decision"]));
  expect(json.flows.map((f) => f.id)).toEqual(FLOW_ROWS.map((r) => r.id));
  // --config reached the program: the function is in the VPC, and the ENI flows apply.
  expect(json.resources.find((r) => r.type === "aws:lambda/function:Function")?.inputs.vpcConfig).toBeDefined();
  expect(json.flows.filter((f) => f.id.startsWith("lambda.vpc.")).map((f) => f.decision)).toEqual(["Allowed", "Allowed", "ImplicitlyDenied"]);
  expect(json.flows.find((f) => f.id === "uploader.put")).toEqual({
    id: "uploader.put",
    principal: "role:clients-uploader",
    action: "s3:PutObject",
    resource: expect.stringMatching(/^arn:aws:s3:::images-bucket-[0-9a-f]{7}\/uploads\/flows\/photo\.jpg$/),
    expected: "allow",
    decision: "Allowed",
  });
}, 200_000);

test("--flows prints the matrix instead of the tree, with a summary line; exit 0", () => {
  const result = plan("--flows", "--skip-policy");
  expect(result.status).toBe(0);
  const lines = result.stdout.trimEnd().split("\n");
  expect(lines[0].split(/\s+/).filter(Boolean)).toEqual(["flow", "principal", "action", "expected", "decision"]);
  expect(lines).toContain(lines.find((l) => /^ok +admin\.self-grant +admin +kms:CreateGrant +deny +ImplicitlyDenied$/.test(l)));
  // The summary ends the matrix (the cost estimate may follow it).
  expect(lines.find((l) => l.startsWith("Flows: "))).toMatch(/^Flows: \d+ evaluated \(\d+ allow, \d+ deny\), 39 not applicable, 0 not as expected$/);
  expect(result.stdout).not.toContain("(stack)");
}, 200_000);

test("--config needs key=value", () => {
  const result = plan("--config", "vpcIsolation", "--skip-policy");
  expect([result.status, result.stderr.trim().split("\n").pop()]).toEqual([2, 'plan: --config expects key=value, got "vpcIsolation" (npm run -s plan -- --help lists the flags)']);
}, 60_000);

test("--config malwareScan=true: the gate's flows apply, the S3 trigger's do not, every row as expected, 0 mandatory violations", () => {
  const result = plan("--flows", "--json", "--config", "malwareScan=true");
  expect([result.status, result.stderr.includes("plan failed")]).toEqual([0, false]);
  const json = JSON.parse(result.stdout) as { flows: Record<string, string>[]; violations: { enforcementLevel: string }[]; resources: { type: string; name: string }[] };
  const gate = json.flows.filter((f) => f.id.startsWith("malware-scan."));
  expect(gate.length).toBeGreaterThan(0);
  expect(gate.filter((f) => f.decision === "NotApplicable")).toEqual([]);
  expect(json.flows.filter((f) => ["s3.invoke", "lambda.get.uploads"].includes(f.id)).map((f) => f.decision)).toEqual(["NotApplicable", "NotApplicable"]);
  expect(json.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  expect(json.resources.filter((r) => /malwareProtectionPlan|bucketNotification/.test(r.type)).map((r) => r.name)).toEqual(["upload-scan-eventbridge", "upload-scan-plan"].sort());
}, 200_000);
