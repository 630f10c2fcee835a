/**
 * The policy pack's view of a first `pulumi preview` of a new stack: resources as the engine
 * describes them before anything exists (inputs, with every computed attribute unknown), and the
 * checks @pulumi/policy could not run because they touched an unknown value. The server turns such
 * a check into an advisory diagnostic "can't run policy ... during preview", whatever the policy's
 * level: `undecided` names them with the level they would have had.
 */
import type { Policies } from "@pulumi/policy";
import { policies as packPolicies } from "../policy-pack/policies";
import { MOCK_ACCOUNT_ID } from "./mocks";
import { configurePolicies, evaluatePolicies, PolicyConfig } from "./policy-eval";
import type { Level, PlannedResource, Violation } from "./policy-protocol";
import { previewState } from "./preview-mocks";
import type { ProgramRun } from "./run-program";

/** A check the pack could not decide during the preview: the policy, the level it would have enforced, the resource ("" for a stack policy). */
export interface UndecidedCheck {
  readonly policy: string;
  readonly enforcementLevel: Level;
  readonly urn: string;
}

export interface PreviewVerdicts {
  /** Diagnostics the pack decided, as in a plain plan. */
  readonly violations: Violation[];
  readonly undecided: UndecidedCheck[];
}

/** The message @pulumi/policy's server gives a check it stopped at an unknown value (server.js, UnknownValueError). */
const CANNOT_RUN = /^can't run policy '([^']+)' from policy pack '[^']*' during preview: /;
/** The advisory the pack's own checks give a value they cannot judge yet (policy-pack/lib/findings.ts `cannotCheck`). */
const CANNOT_CHECK = /^cannot check during preview: /;

/** Resources of a preview run as AnalyzeStack receives them at the end of the preview. */
export function previewResources(run: ProgramRun): PlannedResource[] {
  const region = run.config["aws:region"] ?? "us-east-1";
  return run.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    inputs: r.inputs,
    outputs: r.custom ? previewState(r.type, r.name, r.inputs, { region, accountId: MOCK_ACCOUNT_ID }) : r.outputs,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  }));
}

/** The policy named by a "can't run during preview" diagnostic, or undefined for a real verdict. */
export function undecidedPolicyOf(violation: Violation): string | undefined {
  const lines = violation.message.split("\n");
  const stopped = lines.find((line) => CANNOT_RUN.test(line));
  if (stopped !== undefined) return stopped.match(CANNOT_RUN)?.[1];
  return lines.some((line) => CANNOT_CHECK.test(line)) ? violation.policyName : undefined;
}

/** Splits the pack's diagnostics over a preview run into verdicts and undecided checks. */
export async function evaluatePreview(run: ProgramRun, options: { config?: PolicyConfig; policies?: Policies } = {}): Promise<PreviewVerdicts> {
  if (!run.preview) throw new Error("evaluatePreview needs a run planned with { preview: true }");
  const policies = options.policies ?? packPolicies;
  const levels = new Map(configurePolicies(policies, options.config).map((p) => [p.name, (p.enforcementLevel ?? "advisory") as Level]));
  const diagnostics = await evaluatePolicies(previewResources(run), { config: options.config, policies });
  const violations: Violation[] = [];
  const undecided: UndecidedCheck[] = [];
  for (const d of diagnostics) {
    const policy = undecidedPolicyOf(d);
    if (policy === undefined) violations.push(d);
    else undecided.push({ policy, enforcementLevel: levels.get(policy) ?? "advisory", urn: d.urn });
  }
  const rank = (u: UndecidedCheck) => (u.enforcementLevel === "mandatory" ? 0 : 1);
  undecided.sort((a, b) => rank(a) - rank(b) || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
  return { violations, undecided };
}
