/**
 * Canary for the undocumented Pulumi SDK internals the project relies on (offline/pulumi-internals.ts,
 * and the unknown sentinels policy-pack/lib/values.ts reads). An SDK upgrade that moves or changes
 * one fails here with one line naming the internal and the installed versions, instead of as a
 * hang or a silently empty result somewhere else. Each check asks for what the code uses: the
 * export, its kind, the methods called on it, and where it matters, that it behaves as relied on.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

const versionOf = (pkg: string) => (JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
const INSTALLED = `installed @pulumi/pulumi ${versionOf("@pulumi/pulumi")}, @pulumi/policy ${versionOf("@pulumi/policy")}`;
const CHECK_TIMEOUT_MS = 10_000;

/** Runs `check`; any failure (or a callback that never comes) becomes one error naming the internal and the SDK versions. */
async function canary(internal: string, check: () => unknown): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (e) {
    throw new Error(`Pulumi SDK internal changed: ${internal} (${INSTALLED}): ${(e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

function must(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

/** `module[name]` is a class whose prototype has each method. */
function classWith(module: Record<string, unknown>, name: string, methods: readonly string[]): void {
  const cls = module[name];
  must(typeof cls === "function", `${name} is not exported as a class`);
  const proto = (cls as { prototype: Record<string, unknown> }).prototype;
  const missing = methods.filter((m) => typeof proto[m] !== "function");
  must(missing.length === 0, `${name} lacks ${missing.join(", ")}`);
}

class CanaryThing extends pulumi.CustomResource {
  constructor(name: string) {
    super("canary:index:Thing", name, {});
  }
}

test("@pulumi/pulumi/runtime/resource: registerResource(res, parent, type, name, ...) is replaceable and called for every resource", async () => {
  await canary("@pulumi/pulumi/runtime/resource registerResource", async () => {
    const runtime = require("@pulumi/pulumi/runtime/resource") as Record<string, unknown>;
    must(typeof runtime.registerResource === "function", "registerResource is not an exported function");
    const { interceptRegistrations } = require("../../offline/pulumi-internals") as typeof import("../../offline/pulumi-internals");
    const original = runtime.registerResource;
    await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, "project", "stack", true);
    const seen: string[] = [];
    const restore = interceptRegistrations((type, name) => seen.push(`${type} ${name}`));
    let resource: pulumi.CustomResource;
    try {
      resource = new CanaryThing("canary-thing");
    } finally {
      restore();
    }
    must(runtime.registerResource === original, "the hook was not removed");
    must(seen.join() === "canary:index:Thing canary-thing", `constructing a resource went past the module export (hook saw: ${JSON.stringify(seen)})`);
    await new Promise((resolve) => resource.urn.apply(resolve));
  });
});

test("@pulumi/pulumi/proto/analyzer_pb and analyzer_grpc_pb: the messages, fields and client the protocol code uses", async () => {
  await canary("@pulumi/pulumi/proto/analyzer_pb", () => {
    const pb = require("@pulumi/pulumi/proto/analyzer_pb") as Record<string, unknown>;
    classWith(pb, "AnalyzeRequest", ["setType", "setUrn", "setName", "setProperties", "setOptions", "serializeBinary"]);
    classWith(pb, "AnalyzeStackRequest", ["addResources", "getResourcesList"]);
    classWith(pb, "AnalyzerResource", ["setType", "setUrn", "setName", "setProperties", "setOptions", "setParent", "setDependenciesList", "getPropertydependenciesMap"]);
    classWith(pb, "AnalyzerResourceOptions", ["setParent"]);
    classWith(pb, "AnalyzerPropertyDependencies", ["setUrnsList"]);
    classWith(pb, "AnalyzeResponse", ["getDiagnosticsList", "getNotApplicableList"]);
    classWith(pb, "AnalyzeDiagnostic", ["getPolicyname", "getEnforcementlevel", "getUrn", "getMessage"]);
    classWith(pb, "PolicyNotApplicable", ["getPolicyName", "getReason"]);
    classWith(pb, "ConfigureAnalyzerRequest", ["getPolicyconfigMap"]);
    classWith(pb, "PolicyConfig", ["setEnforcementlevel", "setProperties"]);
    const levels = pb.EnforcementLevel as Record<string, unknown> | undefined;
    must(
      typeof levels?.ADVISORY === "number" && typeof levels.MANDATORY === "number" && levels.ADVISORY !== levels.MANDATORY,
      "EnforcementLevel lacks distinct ADVISORY and MANDATORY",
    );
  });
  await canary("@pulumi/pulumi/proto/analyzer_grpc_pb AnalyzerClient", () => {
    classWith(require("@pulumi/pulumi/proto/analyzer_grpc_pb") as Record<string, unknown>, "AnalyzerClient", ["analyze", "analyzeStack", "getAnalyzerInfo", "configure"]);
  });
});

test("@pulumi/policy/server: makeAnalyzeRpcFun and makeAnalyzeStackRpcFun answer a request through the callback", async () => {
  await canary("@pulumi/policy/server makeAnalyzeRpcFun, makeAnalyzeStackRpcFun", async () => {
    const server = require("@pulumi/policy/server") as Record<string, unknown>;
    for (const name of ["makeAnalyzeRpcFun", "makeAnalyzeStackRpcFun"])
      must(typeof server[name] === "function" && (server[name] as () => void).length === 4, `${name}(name, version, level, policies) is not exported`);
    const { evaluatePolicies } = require("../../offline/policy-eval") as typeof import("../../offline/policy-eval");
    const perResource: ResourceValidationPolicy = {
      name: "canary-resource",
      description: "d",
      enforcementLevel: "mandatory",
      validateResource: (args, report) => report(`saw ${args.name}`),
    };
    const perStack: StackValidationPolicy = {
      name: "canary-stack",
      description: "d",
      enforcementLevel: "advisory",
      validateStack: (args, report) => report(`saw ${args.resources.length}`),
    };
    const resource = { urn: "urn:pulumi:s::p::canary:index:Thing::thing", type: "canary:index:Thing", name: "thing", inputs: { size: 1 } };
    const violations = await evaluatePolicies([resource], { policies: [perResource, perStack] });
    // The server puts the policy's description before the reported message; a stack-level report has no URN.
    const got = violations.map((v) => `${v.policyName} ${v.enforcementLevel} ${v.urn} ${v.message}`).sort();
    const expected = [`canary-resource mandatory ${resource.urn} d\nsaw thing`, "canary-stack advisory  d\nsaw 1"];
    must(JSON.stringify(got) === JSON.stringify(expected), `verdicts came back as ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  });
});

test("@pulumi/pulumi/cmd/run-policy-pack: the script the CLI starts a Node.js pack with", async () => {
  await canary("@pulumi/pulumi/cmd/run-policy-pack", () => {
    const { RUN_POLICY_PACK_SCRIPT } = require("../../offline/pulumi-internals") as typeof import("../../offline/pulumi-internals");
    must(fs.existsSync(RUN_POLICY_PACK_SCRIPT), `${RUN_POLICY_PACK_SCRIPT} is missing`);
  });
});

test("@pulumi/policy/proxy: the unknown sentinels and proxy markers policy-pack/lib/values.ts reads", async () => {
  await canary("@pulumi/policy/proxy unknown*Value, isSpecialProxy, getSpecialProxyTarget, unknownCheckingProxy", () => {
    const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
    for (const name of ["unknownStringValue", "unknownNumberValue", "unknownBooleanValue", "unknownArrayValue", "unknownObjectValue", "isSpecialProxy", "getSpecialProxyTarget"]) {
      must(typeof proxy[name] === "string", `${name} is not an exported string`);
    }
    must(typeof proxy.unknownCheckingProxy === "function", "unknownCheckingProxy is not an exported function");
    const target = { a: 1 };
    const wrapped = (proxy.unknownCheckingProxy as (o: object) => Record<string, unknown>)(target);
    must(wrapped[proxy.isSpecialProxy as string] === true && wrapped[proxy.getSpecialProxyTarget as string] === target, "the proxy no longer reveals its marker and target");
    const { isUnknown, plain, UNKNOWN } = require("../../policy-pack/lib/values") as typeof import("../../policy-pack/lib/values");
    must(UNKNOWN === proxy.unknownStringValue && isUnknown(proxy.unknownObjectValue) && plain(wrapped) === target, "policy-pack/lib/values.ts no longer sees the sentinels");
  });
});
