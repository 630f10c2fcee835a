/**
 * The compiled pack over the real analyzer protocol: started the way the Pulumi CLI starts a
 * Node.js pack (`node @pulumi/pulumi/cmd/run-policy-pack <engine address> .` with the pack
 * directory as working directory; it prints the port), then driven over gRPC with the Analyzer
 * stubs from @pulumi/pulumi/proto. The verdicts must equal the in-process ones.
 * Limit: no Pulumi engine here, so the requests are built by offline/policy-protocol the way
 * pkg/resource/plugin/analyzer_plugin.go builds them, not by the engine itself.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient, analyzerproto, RUN_POLICY_PACK_SCRIPT } from "../../offline/pulumi-internals";
import { evaluatePolicies, Violation } from "../../offline/policy-eval";
import { analyzeRequest, analyzeStackRequest, notApplicableOf, PlannedResource, violationsOf } from "../../offline/policy-protocol";
import { runProgram, type ResourceRecord } from "../../offline/run-program";
import { loadDevStack } from "../stack/support/dev-stack";
import { policies } from "../../policy-pack/policies";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { ACKNOWLEDGE_SCHEMA } from "../../policy-pack/lib/acknowledgements";

const ROOT = path.resolve(__dirname, "../..");
const PACK_DIR = path.join(ROOT, "policy-pack");

let child: ChildProcess;
let client: AnalyzerClient;
let startupMs: number;
let devStack: ResourceRecord[];
let stderr = "";

type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;

/** Promisifies one unary call: `unary<Res>((cb) => client.method(request, cb))`. */
function unary<Res>(call: (cb: Callback<Res>) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => call((err, res) => (err ? reject(err) : resolve(res))));
}

const analyze = (request: analyzerproto.AnalyzeRequest) => unary<analyzerproto.AnalyzeResponse>((cb) => client.analyze(request, cb));
const analyzeStack = (request: analyzerproto.AnalyzeStackRequest) => unary<analyzerproto.AnalyzeResponse>((cb) => client.analyzeStack(request, cb));

/** Every verdict for a set of resources, over the wire: Analyze per resource, then AnalyzeStack. */
async function overTheWire(resources: readonly PlannedResource[]): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const r of resources) found.push(...violationsOf(await analyze(analyzeRequest(r)), r.urn));
  found.push(...violationsOf(await analyzeStack(analyzeStackRequest(resources))));
  return found;
}

const key = (v: Violation) => `${v.enforcementLevel} ${v.policyName} ${v.urn}\n${v.message}`;
const sorted = (list: Violation[]) => list.map(key).sort();

beforeAll(async () => {
  // npm run build:policy, as a user of the CLI does before `pulumi preview --policy-pack`.
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(PACK_DIR, "tsconfig.json")], { stdio: "inherit" });
  const started = Date.now();
  // run-policy-pack drops the engine address (argv.shift()) and never dials it; any address will do.
  child = spawn(process.execPath, [RUN_POLICY_PACK_SCRIPT, "127.0.0.1:1", "."], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.on("data", (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const line = /^(\d+)\s*$/m.exec(out);
      if (line) resolve(Number(line[1]));
    });
    child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before printing its port: ${stderr}`)));
  });
  startupMs = Date.now() - started;
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  devStack = (await loadDevStack()).resources;
}, 120_000);

afterAll(() => {
  client?.close();
  child?.kill();
});

it("starts compiled, prints its port, and describes every policy with its level and config schema", async () => {
  console.info(`compiled pack ready in ${startupMs} ms`);
  expect(startupMs).toBeLessThan(10_000);
  const info = await unary<analyzerproto.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
  expect(info.getName()).toBe("secure-image-pipeline");
  expect(info.getSupportsconfig()).toBe(true);
  const levels = { [analyzerproto.EnforcementLevel.ADVISORY]: "advisory", [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory" } as Record<number, string>;
  expect(info.getPoliciesList().map((p) => [p.getName(), levels[p.getEnforcementlevel()], p.getDescription()])).toEqual(
    policies.map((p) => [p.name, p.enforcementLevel, p.description]),
  );
  const schema = info
    .getPoliciesList()
    .find((p) => p.getName() === "lambda-free-tier-limits")!
    .getConfigschema()!
    .getProperties()!
    .toJavaScript();
  expect(schema).toEqual({
    maxReservedConcurrency: { type: "integer", minimum: 0, default: 1 },
    maxMemoryMb: { type: "integer", minimum: 128, maximum: 10240, default: 512 },
    maxTimeoutSeconds: { type: "integer", minimum: 1, maximum: 900, default: 60 },
    ...ACKNOWLEDGE_SCHEMA,
  });
});

it("lists acknowledged findings with their reasons and fails reason-less or stale acknowledgements over the wire, as in process", async () => {
  const config = {
    "s3-public-access-block": { acknowledge: [{ resource: "images-bucket", reason: "served publicly through the CDN, reviewed" }] },
    "cloudwatch-log-retention": { acknowledge: [{ resource: "image-processor-logs" }, { resource: "no-such-logs", reason: "stale" }] },
  };
  const request = new analyzerproto.ConfigureAnalyzerRequest();
  for (const [name, properties] of Object.entries(config)) {
    request
      .getPolicyconfigMap()
      .set(name, new analyzerproto.PolicyConfig().setEnforcementlevel(analyzerproto.EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript(properties)));
  }
  await unary<Empty>((cb) => client.configure(request, cb));
  try {
    const wire = await overTheWire(brokenDevStack());
    expect(sorted(wire)).toEqual(sorted(await evaluatePolicies(brokenDevStack(), { config })));
    const label = (v: Violation) => `${v.enforcementLevel} ${v.policyName} ${v.urn.split("::").pop()}: ${v.message.split("\n").pop()!.slice(0, 60)}`;
    expect(wire.filter((v) => !["paid-services-cost", "alert-topic-subscribers", "s3-lifecycle-expiration", "s3-upload-malware-scan"].includes(v.policyName)).map(label)).toEqual([
      'mandatory cloudwatch-log-retention image-processor-logs: CloudWatch log group "image-processor-logs" keeps logs forev',
      'advisory s3-public-access-block images-bucket: acknowledged: S3 bucket "images-bucket" has no public access',
      'mandatory cloudwatch-log-retention image-processor-logs: acknowledgement on "image-processor-logs" has no reason: say',
      'mandatory cloudwatch-log-retention : acknowledgement on "no-such-logs" names no resource of this ',
    ]);
  } finally {
    await unary<Empty>((cb) => client.configure(new analyzerproto.ConfigureAnalyzerRequest(), cb));
  }
});

it("gives the dev stack the same verdicts as the in-process evaluation: no mandatory violation", async () => {
  const wire = await overTheWire(devStack);
  expect(wire.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  expect(sorted(wire)).toEqual(sorted(await evaluatePolicies(devStack)));
  expect(wire.map((v) => v.policyName).sort()).toEqual([
    ...Array(2).fill("alert-topic-subscribers"),
    ...Array(6).fill("paid-services-cost"),
    "s3-lifecycle-expiration",
    "s3-upload-malware-scan",
  ]);
});

/** The dev stack's records, broken: no public access block on the images bucket, a log group kept forever. */
function brokenDevStack(): PlannedResource[] {
  return devStack
    .filter((r) => !(r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && r.name === "images-public-access"))
    .map((r) =>
      r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === "image-processor-logs"
        ? { ...r, inputs: { ...r.inputs, retentionInDays: 0 }, outputs: { ...r.outputs, retentionInDays: 0 } }
        : r,
    );
}

it("catches a broken variant of the dev stack over the wire, exactly as in process", async () => {
  const broken = brokenDevStack();
  const wire = await overTheWire(broken);
  expect(wire.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn.split("::").pop()}`)).toEqual([
    "cloudwatch-log-retention image-processor-logs",
    "s3-public-access-block images-bucket",
  ]);
  expect(sorted(wire)).toEqual(sorted(await evaluatePolicies(broken)));
});

it("reports a value unknown during preview as an advisory, and a resource policy on another type as not applicable", async () => {
  const group: PlannedResource = {
    urn: "urn:pulumi:dev::p::aws:cloudwatch/logGroup:LogGroup::g",
    type: "aws:cloudwatch/logGroup:LogGroup",
    name: "g",
    inputs: { retentionInDays: UNKNOWN },
  };
  const response = await analyze(analyzeRequest(group));
  expect(violationsOf(response, group.urn)).toEqual([
    { policyName: "cloudwatch-log-retention", enforcementLevel: "advisory", urn: group.urn, message: `cannot check during preview: retention of log group "g"` },
  ]);
  const notApplicable = notApplicableOf(response);
  expect(notApplicable).toContainEqual({ policyName: "sns-topic-cmk", reason: "applies only to aws:sns/topic:Topic" });
  expect(notApplicable.map((n) => n.policyName)).not.toContain("cloudwatch-log-retention");
});

it("gives every corpus program and the BucketV2-by-id program the same verdicts over the wire as in process", async () => {
  const corpus = path.join(ROOT, "__tests__/policy/corpus/programs");
  const programs = [
    path.join(ROOT, "__tests__/stack/variants/bucket-v2-by-id-program.ts"),
    ...fs
      .readdirSync(corpus)
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => path.join(corpus, f)),
  ];
  const differing: string[] = [];
  for (const program of programs) {
    const run = await runProgram({ program, timeoutMs: 60_000 });
    if (JSON.stringify(sorted(await overTheWire(run.resources))) !== JSON.stringify(sorted(await evaluatePolicies(run.resources)))) differing.push(path.basename(program));
  }
  expect(programs.length).toBeGreaterThan(100);
  expect(differing).toEqual([]);
}, 600_000);

it("applies --policy-pack-config sent through Configure (last: config stays set in the server)", async () => {
  const request = new analyzerproto.ConfigureAnalyzerRequest();
  const retention = new analyzerproto.PolicyConfig()
    .setEnforcementlevel(analyzerproto.EnforcementLevel.ADVISORY)
    .setProperties(Struct.fromJavaScript({ allowedRetentionDays: [30, 365] }));
  request.getPolicyconfigMap().set("cloudwatch-log-retention", retention);
  request
    .getPolicyconfigMap()
    .set(
      "lambda-free-tier-limits",
      new analyzerproto.PolicyConfig().setEnforcementlevel(analyzerproto.EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript({ maxMemoryMb: 256 })),
    );
  await unary<Empty>((cb) => client.configure(request, cb));
  const wire = await overTheWire(brokenDevStack());
  const config = {
    "cloudwatch-log-retention": { enforcementLevel: "advisory" as const, allowedRetentionDays: [30, 365] },
    "lambda-free-tier-limits": { enforcementLevel: "mandatory" as const, maxMemoryMb: 256 },
  };
  expect(sorted(wire)).toEqual(sorted(await evaluatePolicies(brokenDevStack(), { config })));
  expect(wire.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn.split("::").pop()}`)).toEqual([
    "lambda-free-tier-limits image-processor-function",
    "s3-public-access-block images-bucket",
  ]);
  expect(wire.find((v) => v.policyName === "cloudwatch-log-retention")!.enforcementLevel).toBe("advisory");
});
