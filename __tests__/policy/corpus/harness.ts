/**
 * Plans corpus programs through the pack and judges them against their expectations, in the two
 * forms corpus programs declare:
 *
 * - `{ policy, level }` / `{ clean }`: one policy at one level, or no violation of `clean` and no
 *   mandatory violation anywhere in the program;
 * - `{ risky: [names], level, risk }` / `{ safe: [names], risk }` (programs written from risk
 *   descriptions alone): judged on the named resources only. A risky program is caught when every
 *   named resource has a violation at the expected level; a safe one is a false positive when any
 *   named resource has a violation at any level, except advisories that claim no risk (a value
 *   that cannot be checked during preview, cost and free-tier advice). `risk` is the risk class the program is about.
 */
import * as fs from "fs";
import * as path from "path";
import { evaluatePolicies, Violation } from "../../../offline/policy-eval";
import { runProgram } from "../../../offline/run-program";
import { freeTierPolicies } from "../../../policy-pack/policies/free-tier";

export type Level = "mandatory" | "advisory";

export type Expectation =
  | { readonly policy: string; readonly level: Level }
  | { readonly clean: string }
  | { readonly risky: readonly string[]; readonly level: Level; readonly risk: number }
  | { readonly safe: readonly string[]; readonly risk: number };

export interface Outcome {
  readonly name: string;
  readonly source: string;
  readonly expected: Expectation;
  readonly violations: Violation[];
  /** Logical names of the resources the program registered. */
  readonly resources: string[];
  /** Why the program could not be planned, if it could not. */
  readonly error?: string;
}

/** The program files of a directory, by name without `.ts`, sorted. */
export function programNames(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.replace(/\.ts$/, ""))
    .sort();
}

/**
 * The account the blind programs are written for: they name 111111111111 as "this account" and
 * other ids as foreign ones, so they are planned in it (the mocks mint every ARN in it).
 */
export const BLIND_ACCOUNT = "111111111111";

/** Plans one program the way `npm run plan -- --program <file>` does and evaluates the whole pack on it. */
export async function planProgram(file: string, options: { accountId?: string } = {}): Promise<Outcome> {
  const name = path.basename(file).replace(/\.ts$/, "");
  const source = fs
    .readFileSync(file, "utf8")
    .split("\n")[0]
    .replace(/^\/\/\s*/, "");
  try {
    const run = await runProgram({ program: file, timeoutMs: 30_000, ...options });
    const resources = run.resources.map((r) => nameOf(r.urn));
    return { name, source, expected: run.outputs.expected as Expectation, violations: await evaluatePolicies(run.resources), resources };
  } catch (error) {
    return { name, source, expected: { clean: "(not planned)" }, violations: [], resources: [], error: (error as Error).message };
  }
}

/** The logical name at the end of a URN (`urn:pulumi:dev::project::aws:s3/bucket:Bucket::name`). */
export function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Cost and free-tier advice, at advisory level, is not a finding about a risk. */
const COST_ADVICE = new Set(freeTierPolicies.map((p) => p.name));

/** Advisories that claim no risk: a value that cannot be checked during preview, or cost advice. */
const claimsNoRisk = (v: Violation): boolean => v.enforcementLevel === "advisory" && (v.message.startsWith("cannot check during preview") || COST_ADVICE.has(v.policyName));

export function isMisconfigured(e: Expectation): e is Extract<Expectation, { policy: string }> | Extract<Expectation, { risky: readonly string[] }> {
  return "policy" in e || "risky" in e;
}

/** The violations on a named resource. */
export function violationsOn(o: Outcome, resource: string): Violation[] {
  return o.violations.filter((v) => nameOf(v.urn) === resource);
}

export function caught(o: Outcome): boolean {
  const e = o.expected;
  if ("policy" in e) return o.violations.some((v) => v.policyName === e.policy && v.enforcementLevel === e.level);
  if ("risky" in e) return e.risky.length > 0 && e.risky.every((r) => violationsOn(o, r).some((v) => v.enforcementLevel === e.level));
  return false;
}

/** The violations that make a legitimate program a false positive. */
export function offending(o: Outcome): Violation[] {
  const e = o.expected;
  if ("clean" in e) return o.violations.filter((v) => v.enforcementLevel === "mandatory" || v.policyName === e.clean);
  if ("safe" in e) return e.safe.flatMap((r) => violationsOn(o, r)).filter((v) => !claimsNoRisk(v));
  return [];
}

export function falsePositive(o: Outcome): boolean {
  return !isMisconfigured(o.expected) && offending(o).length > 0;
}

/** Names in a risky/safe expectation that the program never registered (an expectation that could never be judged). */
export function unknownNames(o: Outcome): string[] {
  const e = o.expected;
  const named = "risky" in e ? e.risky : "safe" in e ? e.safe : [];
  return named.filter((n) => !o.resources.includes(n));
}

export interface ClassFigures {
  readonly risk: number;
  readonly misconfigured: number;
  readonly caught: number;
  readonly legitimate: number;
  readonly falsePositives: number;
}

/** Recall and false positives per risk class, over the programs that declare one. */
export function figuresByClass(outcomes: readonly Outcome[]): ClassFigures[] {
  const byClass = new Map<number, Outcome[]>();
  for (const o of outcomes) {
    if (!("risk" in o.expected)) continue;
    byClass.set(o.expected.risk, [...(byClass.get(o.expected.risk) ?? []), o]);
  }
  return [...byClass.entries()]
    .sort(([a], [b]) => a - b)
    .map(([risk, list]) => {
      const bad = list.filter((o) => isMisconfigured(o.expected));
      const good = list.filter((o) => !isMisconfigured(o.expected));
      return { risk, misconfigured: bad.length, caught: bad.filter(caught).length, legitimate: good.length, falsePositives: good.filter(falsePositive).length };
    });
}

/** The per-program verdict a figures file records. */
export function verdicts(outcomes: readonly Outcome[]): Record<string, "caught" | "missed" | "clean" | "false positive" | "not planned"> {
  return Object.fromEntries(
    outcomes.map((o) => [
      o.name,
      o.error !== undefined ? "not planned" : isMisconfigured(o.expected) ? (caught(o) ? "caught" : "missed") : falsePositive(o) ? "false positive" : "clean",
    ]),
  );
}
