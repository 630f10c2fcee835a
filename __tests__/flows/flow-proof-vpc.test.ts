/**
 * The flow table on the VPC variant (vpcIsolation=true): the function's ENI permissions join the
 * flows, and every row stays as declared. Same evaluator and limits as flow-proof.test.ts.
 */
import { asExpected, evaluateFlows, type FlowResult } from "../../offline/flow-eval";
import { runMutations, type MutationReport } from "../../offline/flow-mutation";
import { reasonFor } from "../../offline/flow-survivors";
import { flowWorld } from "../../offline/flow-world";
import { runProgram } from "../../offline/run-program";

let results: FlowResult[];
let report: MutationReport;

beforeAll(async () => {
  const world = flowWorld(await runProgram({ stack: "dev", config: { vpcIsolation: true } }));
  results = await evaluateFlows(world);
  report = await runMutations(world);
}, 300_000);

test("every row is as declared, the VPC rows included", () => {
  expect(results.filter((r) => !asExpected(r)).map((r) => `${r.id}: expected ${r.expected}, got ${r.decision}`)).toEqual([]);
  expect(results.filter((r) => r.id.startsWith("lambda.vpc.")).map((r) => [r.id, r.decision])).toEqual([
    ["lambda.vpc.describe", "Allowed"],
    ["lambda.vpc.attach", "Allowed"],
    ["lambda.vpc.attach.other-subnet", "ImplicitlyDenied"],
  ]);
});

test("the ENI statements are each needed by a flow; every survivor is explained", () => {
  expect(report.survivors.filter((m) => !reasonFor(m)).map((m) => m.key)).toEqual([]);
  expect(report.survivors.filter((m) => /Vpc/.test(m.sid) && m.kind !== "widen-resource").map((m) => m.key)).toEqual([]);
});
