/**
 * `npm run plan` add-on: `--flows` evaluates the flow table (offline/flow-table.ts) against the
 * planned program's policies and prints the matrix; `--json` gains `flows[]` with
 * `{ id, principal, action, resource, expected, decision }`. The command exits 1 when a row is not
 * as expected.
 *
 * The evaluator (@cloud-copilot/iam-simulate, AGPL-3.0, a devDependency) is required only when
 * `--flows` is given, so the plain plan never loads it.
 */
import type { PlanAddon } from "../../offline/plan-addons";

export const addon: PlanAddon = {
  name: "flows",
  options: { flows: { type: "boolean", default: false } },
  async run(_plan, run, flags) {
    if (flags.flows !== true) return undefined;
    const { evaluateFlows, formatFlowMatrix, asExpected } = require("../../offline/flow-eval") as typeof import("../../offline/flow-eval");
    const { flowWorld } = require("../../offline/flow-world") as typeof import("../../offline/flow-world");
    const results = await evaluateFlows(flowWorld(run));
    return { json: results, text: formatFlowMatrix(results), replaceText: true, failed: results.some((r) => !asExpected(r)) };
  },
};
