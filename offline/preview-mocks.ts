import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../policy-pack/lib/values";
import { createMocks, mintedAttributes, MockEnvironment, UnansweredInvokeError } from "./mocks";

/**
 * Mocks for a first `pulumi preview` of a new stack. Nothing exists yet, so a resource reports its
 * inputs and nothing else: its id, ARN and every attribute AWS generates stay unknown (the SDK
 * resolves an output the mock leaves out as unknown when it runs as a preview). Invokes answer as
 * the provider does during preview: the read-only lookups (`getCallerIdentity`, `getPartition`,
 * `getRegion`) answer, and `aws:iam/getPolicyDocument` is computed locally. An invoke whose inputs
 * are unknown, or that depends on a resource whose id is unknown, is never sent: the SDK makes its
 * whole result unknown, as the engine does for an invoke that waits on a resource pending creation.
 */
export function createPreviewMocks(env: MockEnvironment, onUnanswered?: (error: UnansweredInvokeError) => void): pulumi.runtime.Mocks {
  const invokes = createMocks(env, onUnanswered);
  return {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      return { id: undefined, state: args.inputs };
    },
    call: (args) => invokes.call(args),
  };
}

/** The value the engine sends the policy analyzer for anything unknown (a string sentinel of @pulumi/policy). */
export const UNKNOWN_WIRE_VALUE = UNKNOWN;

/**
 * A planned resource's state as AnalyzeStack sees it at the end of a first preview: its inputs,
 * plus every attribute the provider computes on create (`arn`, `keyId`, ...) as unknown.
 */
export function previewState(type: string, name: string, inputs: Record<string, unknown>, env: MockEnvironment): Record<string, unknown> {
  const state: Record<string, unknown> = { ...inputs };
  for (const key of mintedAttributes(type, name, inputs, env)) {
    if (!(key in state)) state[key] = UNKNOWN_WIRE_VALUE;
  }
  return state;
}
