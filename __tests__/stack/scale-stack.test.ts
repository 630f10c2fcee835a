/**
 * The scale example (Pulumi.scale.yaml): its concurrency, memory and table write capacity are
 * what the capacity command in its header recommends (re-run here), it plans with no mandatory
 * violation under its own pack config (policy-pack/config/scale.json), and that config relaxes
 * exactly the free-tier rules the target needs: without it, those two rules and no others block.
 * Proves what the program asks AWS for and what the model answers, not AWS's behaviour.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { evaluatePolicies, type PolicyConfig, type Violation } from "../../offline/policy-eval";
import { ofType, single } from "../../offline/records";
import { runProgram, type ProgramRun } from "../../offline/run-program";
import { capacityCommand } from "../../tools/capacity";

const ROOT = path.resolve(__dirname, "../..");
const FILE = fs.readFileSync(path.join(ROOT, "Pulumi.scale.yaml"), "utf8");
const settings = (load(FILE) as { config: Record<string, unknown> }).config;
const setting = (key: string) => settings[`secure-image-pipeline:${key}`];
const packConfig = JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack/config/scale.json"), "utf8")) as PolicyConfig & Record<string, Record<string, number>>;

/** The capacity command in the file's header, as a user would paste it. */
function headerCommand(): string[] {
  const line = FILE.split("\n").find((l) => l.startsWith("#   npm run -s capacity -- "));
  if (!line) throw new Error("Pulumi.scale.yaml has no capacity command in its header");
  return line.replace("#   npm run -s capacity -- ", "").trim().split(/\s+/);
}

let run: ProgramRun;
let withConfig: Violation[];
let withoutConfig: Violation[];
beforeAll(async () => {
  run = await runProgram({ stack: "scale" });
  withConfig = await evaluatePolicies(run.resources, { config: packConfig });
  withoutConfig = await evaluatePolicies(run.resources, {});
}, 240_000);

describe("Pulumi.scale.yaml", () => {
  it("holds the settings its header's capacity command recommends", () => {
    const argv = headerCommand();
    expect(argv).toContain("--recommend");
    const { code, stdout } = capacityCommand([...argv, "--json"]);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as { recommended: { concurrency: number; memoryMb: number; tableWriteCapacity: number }; expired: number };
    expect(answer.expired).toBe(0);
    expect(answer.recommended).toEqual({
      concurrency: setting("lambdaReservedConcurrency"),
      memoryMb: setting("lambdaMemoryMb"),
      tableWriteCapacity: setting("tableWriteCapacity"),
    });
  }, 180_000);

  it("is planned with those settings", () => {
    const fn = single(run, "aws:lambda/function:Function");
    expect([fn.inputs.reservedConcurrentExecutions, fn.inputs.memorySize]).toEqual([setting("lambdaReservedConcurrency"), setting("lambdaMemoryMb")]);
    expect(single(run, "aws:dynamodb/table:Table").inputs.writeCapacity).toBe(setting("tableWriteCapacity"));
    expect(single(run, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs.maximumEventAgeInSeconds).toBe(setting("maximumEventAgeInSeconds"));
    expect(ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(6);
  });

  it("has no mandatory violation under its own pack config", () => {
    expect(withConfig.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("relaxes only the rules the target needs, to the values the stack uses", () => {
    const blocking = [...new Set(withoutConfig.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName))].sort();
    expect(blocking).toEqual(["dynamodb-free-tier-capacity", "lambda-free-tier-limits"]);
    expect(packConfig["lambda-free-tier-limits"]).toEqual({ maxReservedConcurrency: setting("lambdaReservedConcurrency") });
    expect(packConfig["dynamodb-free-tier-capacity"]).toEqual({ maxWriteCapacityUnits: setting("tableWriteCapacity") });
    // The rest is the production example's pack config, unrelaxed.
    const prod = JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack/config/prod.json"), "utf8")) as Record<string, unknown>;
    const { "lambda-free-tier-limits": _l, "dynamodb-free-tier-capacity": _d, ...rest } = packConfig;
    expect(rest).toEqual(prod);
  });
});
