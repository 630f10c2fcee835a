/**
 * Evaluates the policy pack over planned resources offline, through the same analyzer handlers
 * the pack's gRPC server registers (@pulumi/policy's makeAnalyzeRpcFun/makeAnalyzeStackRpcFun),
 * fed with the same protobuf messages the engine sends. Only the transport is skipped.
 */
import type { Policies } from "@pulumi/policy";
import { PACK_NAME, policies as packPolicies } from "../policy-pack/policies";
import { version as PACK_VERSION } from "../policy-pack/package.json";
import { analyzeRequest, analyzeStackRequest, PlannedResource, Violation, violationsOf } from "./policy-protocol";
import { AnalyzerHandler, analyzerHandlers, analyzerproto } from "./pulumi-internals";

export type { PlannedResource, Violation } from "./policy-protocol";

const server = analyzerHandlers();

/** Per-policy config as `--policy-pack-config` takes it: a level, or properties plus an optional level. */
export type PolicyConfig = Record<string, "advisory" | "mandatory" | "disabled" | ({ enforcementLevel?: "advisory" | "mandatory" | "disabled" } & Record<string, unknown>)>;

/**
 * Applies `--policy-pack-config` semantics to the policy objects. The server keeps config in
 * module state set only by its Configure RPC, which is not exported; wrapping `getConfig` and the
 * level gives the policies exactly what that RPC would.
 */
export function configurePolicies(policies: Policies, config: PolicyConfig = {}): Policies {
  const known = new Set(policies.map((p) => p.name));
  const unknownNames = Object.keys(config).filter((name) => !known.has(name));
  if (unknownNames.length > 0) throw new Error(`Policy config names unknown policies: ${unknownNames.join(", ")} (known: ${[...known].join(", ")})`);
  return policies.map((policy) => {
    const entry = config[policy.name];
    if (entry === undefined) return policy;
    const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
    const getConfig = <T>() => properties as T;
    const level = enforcementLevel ?? policy.enforcementLevel;
    // A resource policy may also validate the stack (its acknowledgements): configure both.
    const configured: Record<string, unknown> = { ...policy, enforcementLevel: level };
    if ("validateStack" in policy && typeof policy.validateStack === "function") {
      const validate = policy.validateStack;
      configured.validateStack = (args: Parameters<typeof validate>[0], report: Parameters<typeof validate>[1]) => validate({ ...args, getConfig }, report);
    }
    if ("validateResource" in policy && policy.validateResource !== undefined) {
      const validate = policy.validateResource;
      if (typeof validate !== "function") throw new Error(`Policy ${policy.name} has no single validateResource function to configure`);
      configured.validateResource = (args: Parameters<typeof validate>[0], report: Parameters<typeof validate>[1]) => validate({ ...args, getConfig }, report);
    }
    return configured as unknown as Policies[number];
  });
}

function call<Req>(handler: AnalyzerHandler<Req>, request: Req): Promise<analyzerproto.AnalyzeResponse> {
  return new Promise((resolve, reject) => {
    void handler({ request }, (err, response) => (err ? reject(err) : resolve(response!)));
  });
}

export interface EvaluateOptions {
  readonly config?: PolicyConfig;
  /** Defaults to the whole pack. */
  readonly policies?: Policies;
}

/**
 * Runs Analyze on every resource (its inputs, as in a preview) and AnalyzeStack once (all
 * resources with dependencies), and returns every diagnostic, mandatory first.
 */
export async function evaluatePolicies(resources: readonly PlannedResource[], options: EvaluateOptions = {}): Promise<Violation[]> {
  const policies = configurePolicies(options.policies ?? packPolicies, options.config);
  const analyze = server.makeAnalyzeRpcFun(PACK_NAME, PACK_VERSION, "advisory", policies);
  const analyzeStack = server.makeAnalyzeStackRpcFun(PACK_NAME, PACK_VERSION, "advisory", policies);
  const violations: Violation[] = [];
  for (const resource of resources) {
    violations.push(...violationsOf(await call(analyze, analyzeRequest(resource)), resource.urn));
  }
  violations.push(...violationsOf(await call(analyzeStack, analyzeStackRequest(resources))));
  const rank = (v: Violation) => (v.enforcementLevel === "mandatory" ? 0 : 1);
  return violations.sort((a, b) => rank(a) - rank(b));
}
