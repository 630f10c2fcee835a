/**
 * Mutation test over the planned program's policy documents: each statement is dropped, its
 * Resource widened to `*`, its Principal widened to `*` (resource policies, where it is not already)
 * and its Condition removed; a mutant is killed when at least one flow row changes its verdict.
 * A surviving mutant is a statement no allowed flow needs, or a widening no denied flow catches:
 * either a missing flow row or a statement to remove. docs/flows.md explains each survivor.
 */
import type { PolicyDocument, PolicyStatement } from "../components/policy-document";
import { decide, isAllowed, resolveFlow, ResolvedFlow } from "./flow-eval";
import { FLOW_ROWS, FlowRow } from "./flow-table";
import type { FlowWorld, WorldPolicy } from "./flow-world";

export type MutationKind = "drop-statement" | "widen-resource" | "widen-principal" | "drop-condition";

export interface Mutant {
  readonly policy: string;
  readonly sid: string;
  readonly kind: MutationKind;
  /** `<policy label> <sid> <kind>`: how docs/flows.md names a survivor. */
  readonly key: string;
}

export interface MutationReport {
  readonly mutants: number;
  readonly killed: number;
  readonly survivors: Mutant[];
  /** Rows each killed mutant flipped (first one), for readable failures. */
  readonly killedBy: Record<string, string>;
}

type Statement = PolicyStatement & { Resource?: unknown; Principal?: unknown; Condition?: unknown };

/** The mutants of one statement, as replacement documents. */
export function mutantsOf(document: PolicyDocument, index: number, resourcePolicy: boolean, governs?: string): [MutationKind, PolicyDocument][] {
  const statement = document.Statement[index] as Statement;
  const replace = (s: Statement | undefined): PolicyDocument => ({
    ...document,
    Statement: document.Statement.flatMap((orig, i) => (i === index ? (s ? [s as PolicyStatement] : []) : [orig])),
  });
  const out: [MutationKind, PolicyDocument][] = [["drop-statement", replace(undefined)]];
  // A resource policy governs only its own resource: widening `<arn>` or `<arn>/*` to `*` changes nothing.
  const resources = [statement.Resource ?? []].flat();
  const alreadyWidest = governs !== undefined && resources.every((r) => r === governs || r === `${governs}/*`);
  if (statement.Resource !== undefined && statement.Resource !== "*" && !alreadyWidest) out.push(["widen-resource", replace({ ...statement, Resource: "*" })]);
  if (resourcePolicy && statement.Principal !== undefined && statement.Principal !== "*") out.push(["widen-principal", replace({ ...statement, Principal: "*" })]);
  if (statement.Condition !== undefined) {
    const { Condition: _dropped, ...rest } = statement;
    void _dropped;
    out.push(["drop-condition", replace(rest as Statement)]);
  }
  return out;
}

/** Uses of a document by a flow. */
function uses(flow: ResolvedFlow, policy: WorldPolicy): boolean {
  return flow.identity.includes(policy) || flow.boundary === policy || flow.resourcePolicy === policy;
}

/** Runs every mutant against the rows that consult the mutated document. */
export async function runMutations(world: FlowWorld, rows: readonly FlowRow[] = FLOW_ROWS): Promise<MutationReport> {
  const flows = rows.map((row) => resolveFlow(row, world)).filter((f): f is ResolvedFlow => f !== undefined);
  const baseline = new Map<ResolvedFlow, boolean>();
  for (const flow of flows) baseline.set(flow, isAllowed(await decide(flow, world)));

  const survivors: Mutant[] = [];
  const killedBy: Record<string, string> = {};
  let mutants = 0;
  for (const policy of world.policies) {
    const consulted = flows.filter((f) => uses(f, policy));
    for (let i = 0; i < policy.document.Statement.length; i++) {
      for (const [kind, document] of mutantsOf(policy.document, i, policy.kind === "resource", policy.governs)) {
        mutants++;
        const sid = policy.document.Statement[i].Sid ?? `#${i}`;
        const mutant: Mutant = { policy: policy.label, sid, kind, key: `${policy.label} ${sid} ${kind}` };
        let flipped: string | undefined;
        for (const flow of consulted) {
          const allowed = isAllowed(await decide(flow, world, (p) => (p === policy ? document : p.document)));
          if (allowed !== baseline.get(flow)) {
            flipped = flow.row.id;
            break;
          }
        }
        if (flipped) killedBy[mutant.key] = flipped;
        else survivors.push(mutant);
      }
    }
  }
  return { mutants, killed: mutants - survivors.length, survivors, killedBy };
}

/** `killed/total (percent)`. */
export function mutationScore(report: MutationReport): string {
  return `${report.killed}/${report.mutants} (${((100 * report.killed) / report.mutants).toFixed(1)} %)`;
}
