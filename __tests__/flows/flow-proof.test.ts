/**
 * The flows of the running system (offline/flow-table.ts), evaluated on the dev stack with
 * @cloud-copilot/iam-simulate against the policies the program plans: identity ∩ boundary and the
 * target's resource policy (key, bucket, topic, Lambda permissions, role trust).
 *
 * Limits of this proof (docs/flows.md, Model limits): iam-simulate 0.1.x drops
 * `kms:EncryptionContext:*` keys, so they are evaluated under a surrogate key name; it derives no
 * request context, so each row supplies what AWS would send (`kms:ViaService`, `aws:SourceArn`,
 * ...); it knows no AWS-managed policy contents, SCPs or KMS grants. It proves what the planned
 * policies decide, not that AWS accepts them (the moto suite and the policy pack cover more).
 */
import * as fs from "fs";
import * as path from "path";
import { asExpected, evaluateFlows, type FlowResult } from "../../offline/flow-eval";
import { blockOf, flowMatrixMarkdown, MATRIX_BEGIN, MATRIX_END, MUTATION_BEGIN, MUTATION_END, mutationMarkdown, replaceBlock } from "../../offline/flow-docs";
import { mutantsOf, runMutations, type MutationReport } from "../../offline/flow-mutation";
import { reasonFor, SURVIVOR_REASONS } from "../../offline/flow-survivors";
import { FLOW_GROUPS, FLOW_ROWS } from "../../offline/flow-table";
import { flowWorld, type FlowWorld } from "../../offline/flow-world";
import { runProgram } from "../../offline/run-program";

const ROOT = path.join(__dirname, "../..");
const DOC = path.join(ROOT, "docs/flows.md");

let world: FlowWorld;
let results: FlowResult[];
let report: MutationReport;

beforeAll(async () => {
  world = flowWorld(await runProgram({ stack: "dev" }));
  results = await evaluateFlows(world);
  report = await runMutations(world);
}, 300_000);

const decisionOf = (id: string) => results.find((r) => r.id === id)?.decision;

test("every row is as declared on the dev stack", () => {
  expect(results.filter((r) => !asExpected(r)).map((r) => `${r.id}: expected ${r.expected}, got ${r.decision}`)).toEqual([]);
  // Only rows that need a resource the dev stack lacks (the VPC's subnets, the malware-scan gate) are not applicable.
  const notApplicable = results.filter((r) => r.decision === "NotApplicable").map((r) => r.id);
  expect(notApplicable.filter((id) => !id.startsWith("malware-scan."))).toEqual(["lambda.vpc.describe", "lambda.vpc.attach"]);
  expect(notApplicable.filter((id) => id.startsWith("malware-scan."))).toEqual(FLOW_GROUPS.malwareScan.map((r) => r.id));
});

test("the table covers the system's flows: each intended flow is allowed, each named risk denied", () => {
  const allowed = [
    "uploader.put",
    "uploader.put.kms",
    "reader.get",
    "reader.get.kms",
    "lambda.get.uploads",
    "lambda.put.processed",
    "lambda.records.put",
    "lambda.notify",
    "lambda.failure-queue.send",
    "lambda.kms.generate",
    "s3.invoke",
    "access-logs.put",
    "cloudtrail.put",
    "cloudtrail.kms",
    "config.put",
    "config.acl-check",
    "alarms.publish",
    "alarms.publish.kms",
    "events.publish",
    "events.key-alerts.publish",
    "deployer.lambda-environment.encrypt",
    "deployer.lambda-environment.grant",
    "operator.replay.receive",
    "operator.replay.kms",
    "operator.audit-logs.read",
  ];
  const denied = [
    "anonymous.get.processed",
    "outsider.get.processed",
    "uploader.put.insecure-transport",
    "uploader.put.no-sse-headers",
    "uploader.put.other-key",
    "lambda.get.processed",
    "lambda.put.uploads",
    "lambda.delete.uploads",
    "admin.decrypt",
    "admin.self-grant",
    "cloudtrail.put.other-account",
    "s3.invoke.other-bucket",
    "alerts-key.uploader",
    "alerts-key.admin.decrypt",
  ];
  expect(Object.fromEntries([...allowed, ...denied].map((id) => [id, decisionOf(id)]))).toEqual(
    Object.fromEntries([...allowed.map((id) => [id, "Allowed"]), ...denied.map((id) => [id, expect.stringMatching(/^(Implicitly|Explicitly)Denied$/)])]),
  );
  // Every principal but the publishers is refused on the alerts key.
  const onAlertsKey = results.filter((r) => r.resource === world.anchors.get("alerts-key") && /^kms:(Decrypt|GenerateDataKey|Encrypt)$/.test(r.action));
  expect(
    onAlertsKey
      .filter((r) => r.decision === "Allowed")
      .map((r) => r.principal)
      .sort(),
  ).toEqual(["service:cloudwatch.amazonaws.com", "service:cloudwatch.amazonaws.com", "service:events.amazonaws.com"]);
});

test("a resource the program does not have fails the evaluation unless the row lists it in requires", async () => {
  const row = { id: "x.typo", principal: "role:clients-uploader", action: "s3:PutObject", resource: "{no-such-bucket}/x", expected: "deny" as const };
  await expect(evaluateFlows(world, [row])).rejects.toThrow("flow x.typo: the program has no resource named no-such-bucket");
  await expect(evaluateFlows(world, [{ ...row, requires: ["no-such-bucket"] }])).resolves.toEqual([expect.objectContaining({ id: "x.typo", decision: "NotApplicable" })]);
});

test("mutants are generated per statement: drop, widen resource, widen principal (resource policies), drop condition", () => {
  const doc = {
    Version: "2012-10-17" as const,
    Statement: [
      {
        Sid: "A",
        Effect: "Allow" as const,
        Principal: { Service: "s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::b/logs/*",
        Condition: { Bool: { "aws:SecureTransport": "true" } },
      },
    ],
  };
  expect(mutantsOf(doc, 0, true, "arn:aws:s3:::b").map(([kind, d]) => [kind, d.Statement])).toEqual([
    ["drop-statement", []],
    ["widen-resource", [{ ...doc.Statement[0], Resource: "*" }]],
    ["widen-principal", [{ ...doc.Statement[0], Principal: "*" }]],
    ["drop-condition", [{ Sid: "A", Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/logs/*" }]],
  ]);
  // A resource policy's statement naming its whole resource is already as wide as it can be.
  expect(mutantsOf({ ...doc, Statement: [{ ...doc.Statement[0], Resource: "arn:aws:s3:::b/*" }] }, 0, true, "arn:aws:s3:::b").map(([kind]) => kind)).not.toContain(
    "widen-resource",
  );
});

test("every policy statement is needed by a flow or its survival is explained; the score is reported", () => {
  expect(report.survivors.filter((m) => !reasonFor(m)).map((m) => m.key)).toEqual([]);
  // No stale reasons: each one still explains a survivor.
  expect(SURVIVOR_REASONS.filter((r) => !r.variant && !report.survivors.some((m) => r.pattern.test(m.key))).map((r) => r.id)).toEqual([]);
  // The statements this change introduced are all killed in every form.
  const ours =
    /AllowUploaderRole|AllowReaderRole|AllowOperatorRole|AllowLambdaGrants|clients-(uploader|reader|operator)-policy|security-config-delivery-policy|key-alerts-policy (policy) DenyPublishByOtherPrincipals/;
  expect(report.survivors.filter((m) => ours.test(m.key) && m.kind !== "widen-principal").map((m) => m.key)).toEqual([]);
  expect(report.killed / report.mutants).toBeGreaterThan(0.8);
});

test("docs/flows.md shows the flow table and the mutation report as the dev stack gives them", () => {
  const generated = { matrix: flowMatrixMarkdown(results), mutation: mutationMarkdown(report) };
  let doc = fs.readFileSync(DOC, "utf8");
  if (process.env.UPDATE_FLOWS_DOC === "1") {
    doc = replaceBlock(replaceBlock(doc, MATRIX_BEGIN, MATRIX_END, generated.matrix), MUTATION_BEGIN, MUTATION_END, generated.mutation);
    fs.writeFileSync(DOC, doc);
  }
  expect(blockOf(doc, MATRIX_BEGIN, MATRIX_END)).toBe(generated.matrix);
  expect(blockOf(doc, MUTATION_BEGIN, MUTATION_END)).toBe(generated.mutation);
  expect(FLOW_ROWS.length).toBe(results.length);
});

test("shipped code never loads the AGPL evaluator; the plan loads it only for --flows", () => {
  const shipped = ["components", "handlers", "policy-pack"].flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
  expect(shipped.filter((f) => /iam-simulate|offline\/flow-(eval|mutation)/.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(ROOT, f))).toEqual([]);
  // The plan's modules import the evaluator only as types; the flows section requires it, and the CLI calls that section only under --flows.
  const planModules = ["tools/plan.ts", "offline/plan-sections.ts"].map((f) => fs.readFileSync(path.join(ROOT, f), "utf8"));
  const topLevelImports = planModules.flatMap((text) => text.split("\n").filter((l) => /^import .*flow-(eval|world)/.test(l)));
  expect(topLevelImports.every((l) => l.startsWith("import type "))).toBe(true);
  expect(planModules[1]).toMatch(/export async function flowsSection\(run: ProgramRun\): Promise<PlanSection> \{\n {2}const [^\n]*= require\("\.\/flow-eval"\)/);
  expect(planModules[0]).toMatch(/values\.flows \? await flowsSection\(run\) : undefined/);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  expect([Object.keys(manifest.dependencies).includes("@cloud-copilot/iam-simulate"), Object.keys(manifest.devDependencies).includes("@cloud-copilot/iam-simulate")]).toEqual([
    false,
    true,
  ]);
});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (["node_modules", "bin"].includes(e.name)) return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.(ts|js)$/.test(e.name) ? [full] : [];
  });
}
