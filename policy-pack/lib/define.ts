/**
 * Builds @pulumi/policy policy objects from pure checks, so every policy has the same shape:
 * name, description, enforcement level, config with defaults, and findings reported uniformly.
 */
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
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

function register(definition: Common): Record<string, unknown> {
  const defaults = defaultsOf(definition.configSchema);
  if (RULES.has(definition.name)) throw new Error(`Two policies are named ${definition.name}`);
  RULES.set(definition.name, { name: definition.name, enforcementLevel: definition.enforcementLevel, description: definition.description, fix: definition.fix, config: defaults });
  return defaults;
}

/** Merges user config (from --policy-pack-config) over the defaults. */
function configOf<C>(defaults: Record<string, unknown>, given: Record<string, unknown>): C {
  return { ...defaults, ...given } as C;
}

export function resourcePolicy<C extends object>(definition: ResourceCheckDefinition<C>): ResourceValidationPolicy {
  const defaults = register(definition);
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    ...(definition.configSchema ? { configSchema: definition.configSchema } : {}),
    validateResource: async (args, reportViolation) => {
      if (!definition.types.includes(args.type)) {
        args.notApplicable(`applies only to ${definition.types.join(", ")}`);
      }
      const config = configOf<C>(defaults, args.getConfig());
      report(await definition.check(toRes({ ...args, propertyDependencies: {} }), config), reportViolation);
    },
  };
}

export function stackPolicy<C extends object>(definition: StackCheckDefinition<C>): StackValidationPolicy {
  const defaults = register(definition);
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    ...(definition.configSchema ? { configSchema: definition.configSchema } : {}),
    validateStack: async (args, reportViolation) => {
      const config = configOf<C>(defaults, args.getConfig());
      report(await definition.check(args.resources.map(toRes), config), reportViolation);
    },
  };
}
