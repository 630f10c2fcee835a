/**
 * Builds @pulumi/policy policy objects from pure checks, so every policy has the same shape:
 * name, description, enforcement level, config with defaults, and findings reported uniformly.
 */
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ACKNOWLEDGE_SCHEMA, acknowledgementsOf, applyAcknowledgements, invalidAcknowledgements } from "./acknowledgements";
import { Finding, report } from "./findings";
import { Res, toRes } from "./resources";

interface Common {
  readonly name: string;
  readonly description: string;
  /** How to fix a violation, for the rule table (docs/policy-rules.md). */
  readonly fix: string;
  readonly enforcementLevel: EnforcementLevel;
  /** Every configurable threshold, each with its `default`: the one home of the defaults. */
  readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceCheckDefinition<C> extends Common {
  /** The resource types the policy applies to; others are reported as not applicable. */
  readonly types: readonly string[];
  readonly check: (resource: Res, config: C) => Finding[] | Promise<Finding[]>;
}

export interface StackCheckDefinition<C> extends Common {
  readonly check: (resources: Res[], config: C) => Finding[] | Promise<Finding[]>;
}

/** A rule as the rule table shows it. */
export interface RuleInfo {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly description: string;
  readonly fix: string;
  /** Config keys with their defaults. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The resource types a resource policy applies to (stack policies: none listed). */
  readonly types: readonly string[];
}

const RULES = new Map<string, RuleInfo>();

/** Every rule defined so far (the pack's modules define them on import), in definition order. */
export function ruleInfos(): RuleInfo[] {
  return [...RULES.values()];
}

/** The defaults a config schema declares, property by property. */
export function defaultsOf(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema?.properties ?? {}).map(([key, property]) => [key, (property as { default?: unknown }).default]));
}

function register(definition: Common, types: readonly string[] = []): Record<string, unknown> {
  const defaults = defaultsOf(definition.configSchema);
  if (RULES.has(definition.name)) throw new Error(`Two policies are named ${definition.name}`);
  RULES.set(definition.name, {
    name: definition.name,
    enforcementLevel: definition.enforcementLevel,
    description: definition.description,
    fix: definition.fix,
    config: defaults,
    types,
  });
  return defaults;
}

/** Merges user config (from --policy-pack-config) over the defaults. */
function configOf<C>(defaults: Record<string, unknown>, given: Record<string, unknown>): C {
  return { ...defaults, ...given } as C;
}

/** Every policy's schema takes acknowledgements (lib/acknowledgements.ts) besides its own settings. */
function schemaOf(definition: Common): PolicyConfigSchema {
  return { ...definition.configSchema, properties: { ...definition.configSchema?.properties, ...ACKNOWLEDGE_SCHEMA } };
}

/**
 * A resource policy, plus a stack validation of its acknowledgements: only the whole stack shows
 * whether an acknowledgement names a resource that exists and a finding the rule makes there.
 * @pulumi/policy runs a policy object's validateResource on every Analyze and its validateStack
 * on AnalyzeStack (server.js tests each with isResourcePolicy/isStackPolicy), so one policy name
 * carries both.
 */
export function resourcePolicy<C extends object>(definition: ResourceCheckDefinition<C>): ResourceValidationPolicy {
  const defaults = register(definition, definition.types);
  const findingsOn = async (resource: Res, config: C): Promise<Finding[]> => (definition.types.includes(resource.type) ? await definition.check(resource, config) : []);
  const validateStack: StackValidationPolicy["validateStack"] = async (args, reportViolation) => {
    const given = args.getConfig<Record<string, unknown>>();
    const acks = acknowledgementsOf(given);
    if (acks.length === 0) return;
    const config = configOf<C>(defaults, given);
    const resources = args.resources.map(toRes);
    report(await invalidAcknowledgements(acks, resources, async (r) => (r === undefined ? [] : findingsOn({ ...r, propertyDependencies: {} }, config))), reportViolation);
  };
  const policy: ResourceValidationPolicy = {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    configSchema: schemaOf(definition),
    validateResource: async (args, reportViolation) => {
      if (!definition.types.includes(args.type)) {
        args.notApplicable(`applies only to ${definition.types.join(", ")}`);
      }
      const given = args.getConfig<Record<string, unknown>>();
      const resource = toRes({ ...args, propertyDependencies: {} });
      const findings = await definition.check(resource, configOf<C>(defaults, given));
      report(
        applyAcknowledgements(findings, acknowledgementsOf(given), () => resource),
        reportViolation,
      );
    },
  };
  return Object.assign(policy, { validateStack });
}

export function stackPolicy<C extends object>(definition: StackCheckDefinition<C>): StackValidationPolicy {
  const defaults = register(definition);
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    configSchema: schemaOf(definition),
    validateStack: async (args, reportViolation) => {
      const given = args.getConfig<Record<string, unknown>>();
      const config = configOf<C>(defaults, given);
      const resources = args.resources.map(toRes);
      const findings = await definition.check(resources, config);
      const acks = acknowledgementsOf(given);
      const onResource = (f: Finding) => (f.urn === undefined ? undefined : (resources.find((r) => r.urn === f.urn) ?? { urn: f.urn, name: f.urn }));
      report(applyAcknowledgements(findings, acks, onResource), reportViolation);
      const findingsOn = async (r: Res | undefined) => findings.filter((f) => f.urn === r?.urn);
      report(await invalidAcknowledgements(acks, resources, findingsOn), reportViolation);
    },
  };
}
