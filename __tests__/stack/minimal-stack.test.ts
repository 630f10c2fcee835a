/**
 * Pulumi.minimal.yaml is the cheapest configuration that passes every mandatory rule: its estimate
 * is exactly the two customer-managed keys and point-in-time recovery from the price table (that no
 * single setting does better: __tests__/integration/minimal-stack-cost.test.ts). The README's first
 * paragraph gives the dev stack's and this stack's figures as the plan computes them. Mock-runtime
 * proof: what the program asks for, priced by the table.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { planCost, type PlanCost } from "../../offline/cost-section";
import { evaluatePolicies } from "../../offline/policy-eval";
import { runProgram } from "../../offline/run-program";
import { formatUsd } from "../../policy-pack/lib/cost";
import { PRICES, roundUsd } from "../../policy-pack/lib/prices";
import { loadDevStack } from "./support/dev-stack";

const ROOT = path.resolve(__dirname, "../..");

let minimal: { cost: PlanCost; mandatory: string[] };
beforeAll(async () => {
  const run = await runProgram({ stack: "minimal" });
  const mandatory = (await evaluatePolicies(run.resources)).filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName);
  minimal = { cost: planCost(run.resources), mandatory };
}, 120_000);

test("plans with no mandatory violation", () => {
  expect(minimal.mandatory).toEqual([]);
});

test("costs exactly the two keys and point-in-time recovery, from the first month", () => {
  expect(minimal.cost.items.map((i) => [i.resource, i.service])).toEqual([
    ["alerts-key", "AWS KMS"],
    ["pipeline-key", "AWS KMS"],
    ["records-table", "Amazon DynamoDB"],
  ]);
  const expected = roundUsd(2 * PRICES.kmsKey.usd + PRICES.pointInTimeRecovery.usd);
  expect([minimal.cost.monthlyUsd, minimal.cost.firstMonthUsd]).toEqual([expected, expected]);
});

test("the README's first paragraph states the dev stack's cost and this minimum as the plan computes them", async () => {
  const dev = planCost((await loadDevStack()).resources);
  const firstParagraph = fs.readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n\n")[1].replace(/\s+/g, " ");
  expect(firstParagraph).toContain(`${formatUsd(dev.firstMonthUsd)} in its first month and ${formatUsd(dev.monthlyUsd)} a month after`);
  expect(firstParagraph).toContain(`\`Pulumi.minimal.yaml\` costs about ${formatUsd(minimal.cost.monthlyUsd)} a month`);
  expect(fs.readFileSync(path.join(ROOT, "Pulumi.minimal.yaml"), "utf8")).toContain(`about ${formatUsd(minimal.cost.monthlyUsd)} a month from day one`);
});
