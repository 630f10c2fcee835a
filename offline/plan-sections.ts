/**
 * What `npm run plan` adds to the plain plan, one function per flag: policy verdicts (`--markdown`,
 * `--policy-pack-config`, `--skip-policy`), the architecture chart (`--mermaid`), the dashboard
 * (`--dashboard`, `--dashboard-svg`) and the flow matrix (`--flows`). tools/plan.ts wires each one.
 */
import { readFileSync, writeFileSync } from "fs";
import type { DashboardBody } from "../components/pipeline-dashboard";
import { dashboardMarkdown, dashboardSvg } from "./dashboard-render";
import { architectureMermaid } from "./mermaid";
import type { PlanResult } from "./plan";
import { evaluatePolicies, PolicyConfig } from "./policy-eval";
import { countByLevel, formatMarkdown, formatVerdicts } from "./policy-report";
import type { ProgramRun } from "./run-program";

export interface PlanSection {
  /** Added to the `--json` document under the section's key. */
  readonly json: unknown;
  /** Printed after the tree (or, with `replaceText`, instead of it) in text mode. */
  readonly text: string;
  readonly replaceText?: boolean;
  /** Make the command exit 1 (e.g. a mandatory policy was violated). */
  readonly failed?: boolean;
}

/** Reads a --policy-pack-config file; bad input is an error that names the file and the problem. */
export function readPolicyConfig(file: string): PolicyConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`--policy-pack-config: cannot read ${file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`--policy-pack-config: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`--policy-pack-config: ${file} must hold an object keyed by policy name, e.g. {"lambda-free-tier-limits": {"maxMemoryMb": 1024}}`);
  }
  return parsed as PolicyConfig;
}

/** The policy pack's verdicts, through the same analyzer handlers its gRPC server uses; `markdown` gives a pull-request comment instead of the tree. */
export async function policySection(plan: PlanResult, run: ProgramRun, options: { markdown: boolean; configFile?: string }): Promise<PlanSection> {
  const config = options.configFile === undefined ? undefined : readPolicyConfig(options.configFile);
  const violations = await evaluatePolicies(run.resources, { config });
  const failed = countByLevel(violations).mandatory > 0;
  if (options.markdown) return { json: violations, text: formatMarkdown(plan.stack, violations, plan.resources), replaceText: true, failed };
  return { json: violations, text: formatVerdicts(violations, plan.resources), failed };
}

/** The architecture flowchart of the planned stack instead of the tree (docs/architecture.md holds it for the dev stack). */
export function mermaidSection(plan: PlanResult, run: ProgramRun, program: string): PlanSection {
  const chart = architectureMermaid(run.resources, `${program}, stack ${plan.stack}`).trimEnd();
  return { json: chart, text: chart, replaceText: true };
}

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

/** The planned CloudWatch dashboards as Markdown (what each widget plots); `svgFile` also gets their layout as an SVG picture. */
export function dashboardSection(run: ProgramRun, options: { replaceText: boolean; svgFile?: string }): PlanSection {
  const dashboards = run.resources
    .filter((r) => r.type === DASHBOARD)
    .map((r) => ({ name: String(r.inputs.dashboardName ?? r.name), body: JSON.parse(String(r.inputs.dashboardBody)) as DashboardBody }));
  if (dashboards.length === 0) {
    return { json: [], text: "The plan has no CloudWatch dashboard (config `dashboard: false`?).", replaceText: options.replaceText };
  }
  if (options.svgFile !== undefined) writeFileSync(options.svgFile, dashboards.map((d) => dashboardSvg(d.name, d.body)).join(""));
  return { json: dashboards, text: dashboards.map((d) => dashboardMarkdown(d.name, d.body)).join("\n\n"), replaceText: options.replaceText };
}

/**
 * The flow table evaluated against the planned program's policies; fails when a row is not as
 * expected. The evaluator (@cloud-copilot/iam-simulate, AGPL-3.0, a devDependency) is required
 * here, lazily, so the plain plan never loads it.
 */
export async function flowsSection(run: ProgramRun): Promise<PlanSection> {
  const { evaluateFlows, formatFlowMatrix, asExpected } = require("./flow-eval") as typeof import("./flow-eval");
  const { flowWorld } = require("./flow-world") as typeof import("./flow-world");
  const results = await evaluateFlows(flowWorld(run));
  return { json: results, text: formatFlowMatrix(results), replaceText: true, failed: results.some((r) => !asExpected(r)) };
}
