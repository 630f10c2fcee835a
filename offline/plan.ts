import { ProgramRun, runProgram, RunOptions } from "./run-program";

/**
 * What `npm run plan` computes: the resources `pulumi up` would create and the stack outputs.
 * The CLI (tools/plan.ts) only formats it; its other sections (policy verdicts, diagrams) read the same value.
 */
export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly inputs: Record<string, unknown>;
}

export interface PlanResult {
  readonly stack: string;
  readonly resources: PlanResource[];
  readonly outputs: Record<string, unknown>;
}

export function toPlan(run: ProgramRun): PlanResult {
  return {
    stack: run.stack,
    resources: run.resources.map(({ urn, type, name, parent, inputs }) => ({ urn, type, name, parent, inputs })),
    outputs: run.outputs,
  };
}

export async function computePlan(options: RunOptions = {}): Promise<{ plan: PlanResult; run: ProgramRun }> {
  const run = await runProgram(options);
  return { plan: toPlan(run), run };
}

/** Resource count per type, sorted by type. */
export function countByType(plan: PlanResult): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of plan.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The resource tree by parent, one line per resource: `type name`. */
export function formatTree(plan: PlanResult): string {
  const children = new Map<string | null, PlanResource[]>();
  const known = new Set(plan.resources.map((r) => r.urn));
  for (const r of plan.resources) {
    const parent = r.parent && known.has(r.parent) ? r.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const lines: string[] = [`${plan.stack} (stack)`];
  const walk = (parent: string | null, indent: string) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      lines.push(`${indent}${last ? "└─ " : "├─ "}${r.type}  ${r.name}`);
      walk(r.urn, indent + (last ? "   " : "│  "));
    });
  };
  walk(null, "");
  return lines.join("\n");
}

export function formatPlan(plan: PlanResult): string {
  const counts = countByType(plan);
  const width = Math.max(...counts.map(([t]) => t.length));
  return [
    formatTree(plan),
    "",
    `Resources by type (${plan.resources.length} in total):`,
    ...counts.map(([type, n]) => `  ${type.padEnd(width)}  ${n}`),
    "",
    "Outputs:",
    ...Object.entries(plan.outputs).map(([k, v]) => `  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`),
  ].join("\n");
}
