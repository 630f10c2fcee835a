/**
 * The one home of every reach into parts of the Pulumi SDKs that are not their documented API.
 * An SDK upgrade may move or change any of them without notice:
 * __tests__/offline/pulumi-internals.test.ts checks each one, naming it and the installed version.
 *
 * - `@pulumi/pulumi/runtime/resource` `registerResource`: wrapped to learn which resources the
 *   program constructed (the engine never hears of those whose inputs fail).
 * - `@pulumi/pulumi/proto/analyzer_pb`, `analyzer_grpc_pb`: the analyzer protocol's generated
 *   messages and client (the engine's wire format for policy packs).
 * - `@pulumi/policy/server` `makeAnalyzeRpcFun`/`makeAnalyzeStackRpcFun`: the handlers the pack's
 *   gRPC server registers, marked @internal (its typings omit them).
 * - `@pulumi/pulumi/cmd/run-policy-pack`: the script the Pulumi CLI starts a Node.js pack with.
 *
 * The policy pack itself (policy-pack/lib/values.ts) reads `@pulumi/policy/proxy`'s unknown
 * sentinels; it stays there so the pack depends on nothing outside its directory, and the canary
 * test checks it too.
 */
import type { Policies } from "@pulumi/policy";
import type * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

export * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
export { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

/** The script `pulumi preview --policy-pack` runs for a Node.js pack: `node <it> <engine address> <pack dir>`. */
export const RUN_POLICY_PACK_SCRIPT = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");

/** A unary gRPC handler as @pulumi/policy's server registers it. */
export type AnalyzerHandler<Req> = (call: { request: Req }, callback: (err: unknown, response?: analyzerproto.AnalyzeResponse) => void) => Promise<void>;

export interface AnalyzerHandlers {
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policies): AnalyzerHandler<analyzerproto.AnalyzeRequest>;
  makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: Policies): AnalyzerHandler<analyzerproto.AnalyzeStackRequest>;
}

/** The Analyze and AnalyzeStack handler factories of @pulumi/policy's server. */
export function analyzerHandlers(): AnalyzerHandlers {
  return require("@pulumi/policy/server") as AnalyzerHandlers;
}

/** The SDK's resource-registration module; `registerResource(res, parent, type, name, ...)`. */
export interface ResourceRuntime {
  registerResource: (...args: unknown[]) => unknown;
}

export function resourceRuntime(): ResourceRuntime {
  return require("@pulumi/pulumi/runtime/resource") as ResourceRuntime;
}

/**
 * Calls `onRegister(type, name)` for every resource the program constructs, before the SDK
 * registers it; returns the function that removes the hook.
 */
export function interceptRegistrations(onRegister: (type: string, name: string) => void): () => void {
  const runtime = resourceRuntime();
  const original = runtime.registerResource;
  runtime.registerResource = (...args: unknown[]) => {
    onRegister(String(args[2]), String(args[3]));
    return original(...args);
  };
  return () => {
    runtime.registerResource = original;
  };
}
