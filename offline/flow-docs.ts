/**
 * The generated blocks of docs/flows.md: the flow matrix and the mutation report. A test
 * (__tests__/flows/flow-proof.test.ts) keeps them equal to what the dev stack's policies give.
 */
import { FLOW_ROWS } from "./flow-table";
import type { FlowResult } from "./flow-eval";
import { mutationScore, type MutationReport } from "./flow-mutation";
import { reasonFor } from "./flow-survivors";

export const MATRIX_BEGIN = "<!-- generated:flows:begin (dev stack; __tests__/flows/flow-proof.test.ts, UPDATE_FLOWS_DOC=1 refreshes) -->";
export const MATRIX_END = "<!-- generated:flows:end -->";
export const MUTATION_BEGIN = "<!-- generated:flow-mutation:begin -->";
export const MUTATION_END = "<!-- generated:flow-mutation:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|");
const code = (text: string) => `\`${cell(text)}\``;

/** The flow table as markdown: the declared row and the dev stack's decision. */
export function flowMatrixMarkdown(results: readonly FlowResult[]): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const lines = [
    "| Flow | Principal | Action | Resource | Context | Expected | Decision (dev) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...FLOW_ROWS.map((row) => {
      const context = Object.entries(row.context ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      return `| ${code(row.id)} | ${code(row.principal)} | ${code(row.action)} | ${code(row.resource)} | ${context ? code(context) : ""} | ${row.expected} | ${byId.get(row.id)?.decision ?? "missing"} |`;
    }),
  ];
  return `\n${lines.join("\n")}\n`;
}

/** The mutation score and every survivor with the reason it survives. */
export function mutationMarkdown(report: MutationReport): string {
  const lines = [
    `Mutants killed: **${mutationScore(report)}** (dev stack; drop-statement, widen-resource, widen-principal, drop-condition).`,
    "",
    "| Surviving mutant (policy, statement, mutation) | Why it survives |",
    "| --- | --- |",
    ...report.survivors.map((m) => `| ${code(`${m.policy} ${m.sid}`)} ${m.kind} | ${reasonFor(m)?.id ?? "**unexplained**"} |`),
  ];
  return `\n${lines.join("\n")}\n`;
}

/** Replaces the text between two markers (exclusive). */
export function replaceBlock(doc: string, begin: string, end: string, body: string): string {
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`the document must contain the markers ${begin} and ${end}`);
  return doc.slice(0, start + begin.length) + body + doc.slice(stop);
}

/** The text between two markers (exclusive). */
export function blockOf(doc: string, begin: string, end: string): string {
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`the document must contain the markers ${begin} and ${end}`);
  return doc.slice(start + begin.length, stop);
}
