// `npm run -s plan -- --mermaid`: the architecture flowchart of the planned stack instead of the
// tree; with --json, under "mermaid". Add --skip-policy for the chart alone (the policy add-on
// prints its verdicts after it). docs/architecture.md holds this output for the dev stack.
import { architectureMermaid } from "../../offline/mermaid";
import type { PlanAddon } from "../../offline/plan-addons";

export const addon: PlanAddon = {
  name: "mermaid",
  options: { mermaid: { type: "boolean", default: false } },
  async run(plan, run, flags) {
    if (flags.mermaid !== true) return undefined;
    const chart = architectureMermaid(run.resources, `${String(flags.program)}, stack ${plan.stack}`).trimEnd();
    return { json: chart, text: chart, replaceText: true };
  },
};
