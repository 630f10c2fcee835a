/**
 * Builds @pulumi/policy policy objects from pure checks, so every policy has the same shape:
 * name, description, enforcement level, config with defaults, and findings reported uniformly.
 */
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Finding, report } from "./findings";
import { Res, toRes } from "./resources";

interface Common<C> {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  /** Defaults for every configurable threshold; the schema is derived from `configSchema`. */
  readonly defaults: C;
  readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceCheckDefinition<C> extends Common<C> {
  /** The resource types the policy applies to; others are reported as not applicable. */
  readonly types: readonly string[];
  readonly check: (resource: Res, config: C) => Finding[] | Promise<Finding[]>;
}

export interface StackCheckDefinition<C> extends Common<C> {
  readonly check: (resources: Res[], config: C) => Finding[] | Promise<Finding[]>;
}

/** Merges user config (from --policy-pack-config) over the defaults. */
function configOf<C>(defaults: C, given: Record<string, unknown>): C {
  return { ...defaults, ...given } as C;
}

export function resourcePolicy<C extends object>(definition: ResourceCheckDefinition<C>): ResourceValidationPolicy {
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    ...(definition.configSchema ? { configSchema: definition.configSchema } : {}),
    validateResource: async (args, reportViolation) => {
      if (!definition.types.includes(args.type)) {
        args.notApplicable(`applies only to ${definition.types.join(", ")}`);
      }
      const config = configOf(definition.defaults, args.getConfig());
      report(await definition.check(toRes({ ...args, propertyDependencies: {} }), config), reportViolation);
    },
  };
}

export function stackPolicy<C extends object>(definition: StackCheckDefinition<C>): StackValidationPolicy {
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    ...(definition.configSchema ? { configSchema: definition.configSchema } : {}),
    validateStack: async (args, reportViolation) => {
      const config = configOf(definition.defaults, args.getConfig());
      report(await definition.check(args.resources.map(toRes), config), reportViolation);
    },
  };
}
