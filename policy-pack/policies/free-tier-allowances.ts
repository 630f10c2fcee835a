/** Free-tier allowances beyond memory and duration: Lambda ephemeral storage, provisioned concurrency, dashboards. */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { at, ofType, Res, T } from "../lib/resources";
import { isUnknown } from "../lib/values";

interface EphemeralConfig {
  readonly maxEphemeralStorageMb: number;
}

export function checkEphemeralStorage(fn: Res, config: EphemeralConfig): Finding[] {
  const size = at(fn.props, "ephemeralStorage", "size");
  if (isUnknown(size)) return [cannotCheck(`ephemeral storage of "${fn.name}"`)];
  if (typeof size !== "number" || size <= config.maxEphemeralStorageMb) return [];
  return [
    violation(
      `Lambda function "${fn.name}" has ${size} MB of ephemeral storage: above ${config.maxEphemeralStorageMb} MB every GB-second of /tmp is billed (not in the free tier). Set ephemeralStorage.size to at most ${config.maxEphemeralStorageMb}.`,
    ),
  ];
}

export const lambdaEphemeralStorage = resourcePolicy<EphemeralConfig>({
  name: "lambda-ephemeral-storage",
  description: "Lambda functions keep ephemeral storage (/tmp) within the 512 MB included at no cost.",
  fix: "Set ephemeralStorage.size to at most maxEphemeralStorageMb (or leave it unset: 512 MB).",
  enforcementLevel: "advisory",
  types: T.lambda,
  configSchema: { properties: { maxEphemeralStorageMb: { type: "integer", minimum: 512, maximum: 10240, default: 512 } } },
  check: (fn, config) => checkEphemeralStorage(fn, config),
});

export const lambdaNoProvisionedConcurrency = resourcePolicy({
  name: "lambda-no-provisioned-concurrency",
  description: "No Lambda provisioned concurrency: it is billed per hour whether used or not, outside the free tier.",
  fix: "Remove the ProvisionedConcurrencyConfig; use reservedConcurrentExecutions to cap concurrency instead.",
  enforcementLevel: "advisory",
  types: ["aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"],
  check: (config) => [
    violation(
      `"${config.name}" keeps ${String(at(config.props, "provisionedConcurrentExecutions"))} Lambda execution environment(s) provisioned: billed per hour, not in the free tier. Remove it.`,
    ),
  ],
});

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

interface DashboardConfig {
  readonly maxDashboards: number;
}

export function checkDashboardCount(resources: readonly Res[], config: DashboardConfig): Finding[] {
  const dashboards = ofType(resources, [DASHBOARD]);
  if (dashboards.length <= config.maxDashboards) return [];
  return dashboards.map((d) =>
    violation(
      `The stack creates ${dashboards.length} CloudWatch dashboards (${dashboards.map((x) => `"${x.name}"`).join(", ")}): the free tier covers ${config.maxDashboards}, each further one is billed monthly. Merge them.`,
      d.urn,
    ),
  );
}

export const cloudWatchDashboardCount = stackPolicy<DashboardConfig>({
  name: "cloudwatch-dashboard-count",
  description: "The stack creates at most 3 CloudWatch dashboards (the always-free allowance).",
  fix: "Merge dashboards into at most maxDashboards.",
  enforcementLevel: "advisory",
  configSchema: { properties: { maxDashboards: { type: "integer", minimum: 0, default: 3 } } },
  check: (resources, config) => checkDashboardCount(resources, config),
});

export const freeTierAllowancePolicies = [lambdaEphemeralStorage, lambdaNoProvisionedConcurrency, cloudWatchDashboardCount];
