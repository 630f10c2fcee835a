/**
 * `npm run -s plan` as a newcomer runs it: a child process with no AWS credentials and no Pulumi
 * CLI. It proves the plan's interface (JSON shape, tree, counts, exit codes); what the resources
 * contain is proven in security-policy.test.ts.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import * as fs from "fs";
import { ARCHITECTURE_DOC, committedBlock, fenced } from "../stack/support/architecture-block";

const ROOT = path.join(__dirname, "../..");
const TS_NODE = path.join(ROOT, "node_modules/.bin/ts-node");

function plan(...args: string[]) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("PULUMI_")) delete env[key];
  const result = spawnSync(TS_NODE, ["--transpile-only", "tools/plan.ts", ...args], { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface PlanJson {
  stack: string;
  resources: { urn: string; type: string; name: string; parent: string | null; inputs: Record<string, unknown> }[];
  outputs: Record<string, unknown>;
}

describe("--json", () => {
  let result: ReturnType<typeof plan>;
  let json: PlanJson;
  beforeAll(() => {
    result = plan("--json");
    json = JSON.parse(result.stdout) as PlanJson;
  });

  test("prints only JSON on stdout, progress on stderr, and exits 0", () => {
    expect(result.status).toBe(0);
    // The policy verdicts and the cost follow the plan's own three keys.
    expect(Object.keys(json)).toEqual(["stack", "resources", "outputs", "violations", "cost"]);
    expect(json.stack).toBe("dev");
    expect(result.stderr).toContain('Planning stack "dev" from index.ts under Pulumi mocks');
  });

  test("lists each resource with exactly urn, type, name, parent and resolved inputs", () => {
    for (const r of json.resources) expect(Object.keys(r)).toEqual(["urn", "type", "name", "parent", "inputs"]);
    const fn = json.resources.find((r) => r.type === "aws:lambda/function:Function")!;
    expect(fn.inputs).toMatchObject({ name: "image-processor-dev", memorySize: 512, runtime: "nodejs22.x" });
    expect((fn.inputs.code as { archive: Record<string, unknown> }).archive["__index.js"]).toEqual({ stringAsset: { bytes: expect.any(Number) } });
  });

  test("parents are real: every custom resource sits under a component, components sit at the root (the account part inside its SecurityBaseline)", () => {
    const urns = new Set(json.resources.map((r) => r.urn));
    const baseline = json.resources.find((r) => r.type === "secure-image-pipeline:security:SecurityBaseline")!;
    for (const r of json.resources) {
      if (r.type === "secure-image-pipeline:security:AccountSecurityBaseline") expect([r.name, r.parent]).toEqual([r.name, baseline.urn]);
      else if (r.type.startsWith("secure-image-pipeline:")) expect([r.name, r.parent]).toEqual([r.name, null]);
      else expect([r.name, urns.has(r.parent ?? "")]).toEqual([r.name, true]);
    }
    const parentOf = (name: string) => json.resources.find((r) => r.urn === json.resources.find((c) => c.name === name)!.parent)!;
    expect(parentOf("image-processor-function")).toMatchObject({ type: "secure-image-pipeline:compute:ImageProcessor", name: "image-processor" });
    expect(parentOf("access-logs-policy")).toMatchObject({ type: "secure-image-pipeline:storage:SecureBucket", name: "access-logs" });
  });

  test("exports the stack outputs other teams rely on", () => {
    expect(json.outputs).toEqual({
      bucketName: expect.stringMatching(/^images-bucket-[0-9a-f]{7}$/),
      uploadPrefix: "uploads/",
      processedPrefix: "processed/",
      accessLogBucketName: expect.stringMatching(/^access-logs-bucket-[0-9a-f]{7}$/),
      tableName: expect.stringMatching(/^records-table-/),
      notificationTopicArn: expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:notifications-topic-/),
      securityAlertsTopicArn: expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:security-alerts-topic-/),
      functionName: "image-processor-dev",
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:image-processor-dev",
      reprocessRoleArn: "arn:aws:iam::123456789012:role/image-processor-dev-reprocess",
      reprocessManifestPrefix: "batch-operations/manifests/",
      reprocessReportPrefix: "batch-operations/reports/",
      failureQueueUrl: expect.stringMatching(/^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/image-processor-failures-/),
      keyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/),
      maxImageBytes: 26214400,
      keyAlias: "alias/secure-image-pipeline-dev",
      alertsKeyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/),
      auditLogGroupName: "/secure-image-pipeline/security/audit",
      keyAlertsTopicArn: expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:key-alerts-topic-/),
      uploaderRoleArn: "arn:aws:iam::123456789012:role/secure-image-pipeline-uploader-dev",
      readerRoleArn: "arn:aws:iam::123456789012:role/secure-image-pipeline-reader-dev",
      operatorRoleArn: "arn:aws:iam::123456789012:role/secure-image-pipeline-operator-dev",
      failureAlarmName: expect.stringMatching(/^image-processor-failed-uploads-[0-9a-f]{7}$/),
      findingsBucketName: expect.stringMatching(/^findings-bucket-[0-9a-f]{7}$/),
      dashboardName: "image-pipeline-dev",
    });
    // The exported name is the bucket the children were attached to.
    expect(json.outputs.bucketName).toBe(json.resources.find((r) => r.name === "images-public-access")!.inputs.bucket);
  });
});

test("the default output is a tree by parent with a count per type", () => {
  const result = plan();
  expect(result.status).toBe(0);
  const lines = result.stdout.split("\n");
  expect(lines[0]).toBe("dev (stack)");
  expect(lines).toContain("├─ secure-image-pipeline:compute:ImageProcessor  image-processor");
  expect(lines).toContain("│  ├─ aws:lambda/function:Function  image-processor-function");
  expect(lines).toContain("   └─ aws:s3/bucketVersioning:BucketVersioning  images-versioning");
  expect(result.stdout).toMatch(/^Resources by type \(\d+ in total\):$/m);
  expect(result.stdout).toMatch(/^ {2}aws:s3\/bucket:Bucket +3$/m);
  expect(result.stdout).toMatch(/^ {2}aws:cloudwatch\/metricAlarm:MetricAlarm +4$/m);
  expect(result.stdout).toMatch(/^ {2}secure-image-pipeline:messaging:AlertTopic +3$/m);
});

test("a program that throws exits 2 (could not plan) with its message", () => {
  const result = plan("--program", "__tests__/integration/fixtures/throwing-program.ts", "--json");
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain("plan failed: The program failed: bucket quota exceeded in fixture");
});

test("a failure inside an apply also exits 2 with its message", () => {
  const result = plan("--program", "__tests__/integration/fixtures/failing-apply-program.ts");
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/plan failed: The program failed: .*cannot derive a name from arn:aws:s3:::source-[0-9a-f]{7}/);
});

test("an unknown stack or flag is a clear error", () => {
  expect(plan("--stack", "staging").stderr).toContain(`plan failed: No stack file ${path.join(ROOT, "Pulumi.staging.yaml")} for stack "staging"`);
  const unknown = plan("--bogus");
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain("plan: Unknown option '--bogus' (npm run -s plan -- --help lists the flags)");
});

describe("each flag adds its own JSON key, in a fixed order", () => {
  const tiny = (...args: string[]) => plan("--program", "__tests__/integration/fixtures/tiny-program.ts", "--json", ...args);

  test("--skip-policy leaves the plan's three keys and the cost; the views follow them as dashboard, flows, mermaid", () => {
    expect(Object.keys(JSON.parse(tiny("--skip-policy").stdout))).toEqual(["stack", "resources", "outputs", "cost"]);
    const views = tiny("--mermaid", "--dashboard");
    expect(views.status).toBe(0);
    const json = JSON.parse(views.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["stack", "resources", "outputs", "dashboard", "mermaid"]);
    expect(json.dashboard).toEqual([]);
    expect(json.mermaid).toMatch(/^flowchart /);
  });
});

test("the real program stops on invalid config with one message naming each key and its allowed values (exit 2)", () => {
  const result = plan("--program", "__tests__/integration/fixtures/bad-config-program.ts");
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(
    "plan failed: The program failed: Invalid stack configuration:\n" +
      '- secure-image-pipeline:lambdaArchitecture must be one of arm64, x86_64, got "sparc"\n' +
      "- secure-image-pipeline:logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 31",
  );
});

test("--mermaid alone prints exactly the chart committed in the README (no verdicts); --skip-policy is still accepted", () => {
  const committed = committedBlock(fs.readFileSync(path.join(ROOT, ARCHITECTURE_DOC), "utf8"));
  for (const result of [plan("--mermaid"), plan("--mermaid", "--skip-policy")]) {
    expect(result.status).toBe(0);
    expect(fenced(result.stdout)).toBe(committed);
  }
});
