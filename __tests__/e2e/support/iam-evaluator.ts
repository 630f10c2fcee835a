/**
 * Evaluates IAM requests against the Lambda role's policies with @cloud-copilot/iam-simulate, an
 * established evaluator with AWS's semantics (Resource/NotResource, all condition operators,
 * permissions boundaries; it validates the action and that the ARN is a resource type the
 * action applies to). Chosen over moto's own IAMPolicy.is_action_permitted because that one
 * ignores most conditions and permissions boundaries (see docs/testing.md, End-to-end tests on moto).
 *
 * Licence: AGPL-3.0-or-later. It is a devDependency used only by this test suite; it is never
 * packaged into the Lambda or shipped with the components.
 */
import { runSimulation, type EvaluationResult } from "@cloud-copilot/iam-simulate";
import { MOTO_ACCOUNT_ID } from "./moto";

/** One authorisation AWS would perform: who asks is fixed by the policies given to `evaluate`. */
export interface IamRequest {
  /** `service:Action`, e.g. `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN the action is authorised against. */
  readonly resource: string;
  /** Request context keys AWS sets for this call (e.g. `kms:ViaService`), if the policy may test them. */
  readonly context?: Readonly<Record<string, string | string[]>>;
}

export interface RolePolicies {
  /** The role's identity policies (inline or attached), as documents. */
  readonly identity: readonly unknown[];
  /** The permissions boundary, if the role has one: a request must be allowed by both. */
  readonly boundary?: unknown;
  /** The principal making the requests (an assumed-role session ARN for a Lambda). */
  readonly principal: string;
  readonly accountId?: string;
  /**
   * The resource-based policy that governs a resource (bucket policy for a bucket and its objects,
   * key policy, topic policy), if any. KMS needs one: without a key policy that allows the role
   * (or delegates to the account's IAM), AWS denies every KMS call, and so does the evaluator.
   */
  readonly resourcePolicyFor?: (resourceArn: string) => unknown;
}

export type Decision = EvaluationResult;

/** The decision for one request; throws when the evaluator rejects the input (unknown action, bad ARN). */
export async function evaluate(policies: RolePolicies, request: IamRequest): Promise<Decision> {
  const accountId = policies.accountId ?? MOTO_ACCOUNT_ID;
  const result = await runSimulation(
    {
      request: {
        principal: policies.principal,
        action: request.action,
        resource: { resource: request.resource, accountId },
        contextVariables: { ...(request.context ?? {}) },
      },
      identityPolicies: policies.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
      permissionBoundaryPolicies: policies.boundary ? [{ name: "boundary", policy: policies.boundary }] : undefined,
      resourcePolicy: policies.resourcePolicyFor?.(request.resource),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: "Strict" },
  );
  if (result.resultType === "error") {
    throw new Error(`iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

/** Evaluates many requests; returns `action resource -> decision` lines, easy to compare whole. */
export async function decisions(policies: RolePolicies, requests: readonly IamRequest[]): Promise<string[]> {
  const lines: string[] = [];
  for (const request of requests) lines.push(`${request.action} ${request.resource} -> ${await evaluate(policies, request)}`);
  return lines;
}
