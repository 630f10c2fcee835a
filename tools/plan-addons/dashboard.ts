// `npm run -s plan -- --dashboard`: the planned CloudWatch dashboard as Markdown (what each widget
// plots) instead of the tree; `--dashboard-svg <file>` also writes its layout as an SVG picture.
// With --json, the parsed dashboard bodies are under "dashboard". Add --skip-policy for the
// dashboard alone (the policy add-on prints its verdicts after it).
import { writeFileSync } from "fs";
import type { DashboardBody } from "../../components/pipeline-dashboard";
import { dashboardMarkdown, dashboardSvg } from "../../offline/dashboard-render";
import type { PlanAddon } from "../../offline/plan-addons";

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

export const addon: PlanAddon = {
  name: "dashboard",
  options: { dashboard: { type: "boolean", default: false }, "dashboard-svg": { type: "string" } },
  async run(_plan, run, flags) {
    const svgFile = flags["dashboard-svg"];
    if (flags.dashboard !== true && typeof svgFile !== "string") return undefined;
    const dashboards = run.resources
      .filter((r) => r.type === DASHBOARD)
      .map((r) => ({ name: String(r.inputs.dashboardName ?? r.name), body: JSON.parse(String(r.inputs.dashboardBody)) as DashboardBody }));
    if (dashboards.length === 0) {
      return { json: [], text: "The plan has no CloudWatch dashboard (config `dashboard: false`?).", replaceText: flags.dashboard === true };
    }
    if (typeof svgFile === "string") writeFileSync(svgFile, dashboards.map((d) => dashboardSvg(d.name, d.body)).join(""));
    const text = dashboards.map((d) => dashboardMarkdown(d.name, d.body)).join("\n\n");
    return { json: dashboards, text, replaceText: flags.dashboard === true };
  },
};
