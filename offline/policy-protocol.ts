/**
 * The analyzer protocol's messages, built from planned resources and read back into verdicts.
 * Shared by the offline evaluation (in-process handlers) and the gRPC test (the spawned pack), so
 * both speak exactly what the Pulumi engine sends.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { analyzerproto } from "./pulumi-internals";

/** A resource as the offline program runner records it (plus optional dependency data). */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string | null;
  readonly inputs: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  /** Property name -> URNs of the resources whose outputs flowed into it. */
  readonly propertyDependencies?: Record<string, readonly string[]>;
  readonly dependencies?: readonly string[];
}

export type Level = "advisory" | "mandatory";

export interface Violation {
  readonly policyName: string;
  readonly enforcementLevel: Level;
  readonly urn: string;
  readonly message: string;
}

/** Drops `undefined` (which protobuf's Struct rejects) the way the engine's serializer does. */
function toStruct(props: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props ?? {})));
}

function options(resource: PlannedResource): analyzerproto.AnalyzerResourceOptions {
  const opts = new analyzerproto.AnalyzerResourceOptions();
  if (resource.parent) opts.setParent(resource.parent);
  return opts;
}

/** Analyze: one resource's inputs, as during `pulumi preview` before the resource is created. */
export function analyzeRequest(resource: PlannedResource): analyzerproto.AnalyzeRequest {
  const request = new analyzerproto.AnalyzeRequest();
  request.setType(resource.type);
  request.setUrn(resource.urn);
  request.setName(resource.name);
  request.setProperties(toStruct(resource.inputs));
  request.setOptions(options(resource));
  return request;
}

/** AnalyzeStack: every resource's outputs (inputs where no output is recorded), with dependencies. */
export function analyzeStackRequest(resources: readonly PlannedResource[]): analyzerproto.AnalyzeStackRequest {
  const request = new analyzerproto.AnalyzeStackRequest();
  for (const r of resources) {
    const resource = new analyzerproto.AnalyzerResource();
    resource.setType(r.type);
    resource.setUrn(r.urn);
    resource.setName(r.name);
    resource.setProperties(toStruct({ ...r.inputs, ...(r.outputs ?? {}) }));
    resource.setOptions(options(r));
    if (r.parent) resource.setParent(r.parent);
    resource.setDependenciesList([...(r.dependencies ?? [])]);
    for (const [property, urns] of Object.entries(r.propertyDependencies ?? {})) {
      resource.getPropertydependenciesMap().set(property, new analyzerproto.AnalyzerPropertyDependencies().setUrnsList([...urns]));
    }
    request.addResources(resource);
  }
  return request;
}

/** Verdicts from an AnalyzeResponse; a resource diagnostic without a URN is about `fallbackUrn`. */
export function violationsOf(response: analyzerproto.AnalyzeResponse, fallbackUrn = ""): Violation[] {
  return response.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    enforcementLevel: d.getEnforcementlevel() === analyzerproto.EnforcementLevel.MANDATORY ? "mandatory" : "advisory",
    urn: d.getUrn() || fallbackUrn,
    message: d.getMessage(),
  }));
}

export function notApplicableOf(response: analyzerproto.AnalyzeResponse): { policyName: string; reason: string }[] {
  return response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
}
