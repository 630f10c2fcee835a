/**
 * Pulumi.minimal.yaml is a minimum over the stack's switches: flipping any one boolean setting
 * Pulumi.yaml declares either costs at least as much (by the plan's own estimate) or fails a
 * mandatory rule or the program. Each variant is planned as a user would (`plan --stack minimal
 * --config key=value --json`), one process each.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { loadStackConfig, readProjectFile } from "../../offline/stack-config";
import { EXIT } from "../../tools/exit-codes";

const ROOT = path.join(__dirname, "../..");
const TS_NODE = path.join(ROOT, "node_modules/.bin/ts-node");

function plan(...config: string[]): { status: number | null; cost?: { monthlyUsd: number } } {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("PULUMI_")) delete env[key];
  const args = ["--transpile-only", "tools/plan.ts", "--stack", "minimal", "--json", ...config.flatMap((c) => ["--config", c])];
  const result = spawnSync(TS_NODE, args, { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
  return {
    status: result.status,
    cost: result.status === EXIT.ok || result.status === EXIT.findings ? (JSON.parse(result.stdout) as { cost: { monthlyUsd: number } }).cost : undefined,
  };
}

test("no single boolean setting makes the minimal stack cheaper without a mandatory violation or a program error", () => {
  const minimal = plan();
  expect(minimal.status).toBe(EXIT.ok);
  const declared = readProjectFile(ROOT).config;
  const values = loadStackConfig(ROOT, "minimal").values;
  const booleans = Object.keys(declared).filter((key) => declared[key].type === "boolean");
  expect(booleans.length).toBeGreaterThanOrEqual(10);
  const outcomes = booleans.map((key) => {
    const flipped = values[`secure-image-pipeline:${key}`] !== "true";
    const result = plan(`${key}=${flipped}`);
    return { setting: `${key}=${flipped}`, cheaperAndClean: result.status === EXIT.ok && result.cost!.monthlyUsd < minimal.cost!.monthlyUsd };
  });
  expect(outcomes.filter((o) => o.cheaperAndClean)).toEqual([]);
  // The one switch that would save money, point-in-time recovery, is a mandatory rule.
  expect(plan("pointInTimeRecovery=false").status).toBe(EXIT.findings);
}, 900_000);
