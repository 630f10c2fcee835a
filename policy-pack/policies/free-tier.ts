/**
 * Free-tier guard rails (thresholds from the security policy, tunable in config) and advisories
 * for services that cost money, with an estimated monthly cost.
 */
import { costItems, formatUsd, PAID_RESOURCE_KEYS } from "../lib/cost";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { advisory, cannotCheck, Finding, violation } from "../lib/findings";
import { asArray, at, configsOf, hasUnresolvedLogTarget, logBuckets, ofType, Res, T } from "../lib/resources";
import { isUnknown } from "../lib/values";

export interface LambdaLimits {
  readonly maxReservedConcurrency: number;
  readonly maxMemoryMb: number;
  readonly maxTimeoutSeconds: number;
}

/** @pulumi/aws's defaults when a property is not set: unreserved concurrency, 128 MB, 3 s. */
const LAMBDA_DEFAULTS = { reservedConcurrentExecutions: -1, memorySize: 128, timeout: 3 } as const;

/** Where a deliberate change goes: the pack setting, changed in the same pull request as the stack. */
const RAISE = (setting: keyof LambdaLimits) => `, or raise lambda-free-tier-limits.${setting} in the pack's config in the same pull request`;

export function checkLambdaLimits(fn: Res, limits: LambdaLimits): Finding[] {
  const findings: Finding[] = [];
  const read = (property: keyof typeof LAMBDA_DEFAULTS): unknown => at(fn.props, property) ?? LAMBDA_DEFAULTS[property];
  const concurrency = read("reservedConcurrentExecutions");
  const memory = read("memorySize");
  const timeout = read("timeout");
  if (isUnknown(concurrency)) findings.push(cannotCheck(`reserved concurrency of "${fn.name}"`));
  else if (typeof concurrency !== "number" || concurrency < 0 || concurrency > limits.maxReservedConcurrency) {
    const now = concurrency === -1 ? "unreserved" : String(concurrency);
    findings.push(
      violation(
        `Lambda function "${fn.name}" has reserved concurrency ${now}: set reservedConcurrentExecutions to at most ${limits.maxReservedConcurrency} so a burst of uploads cannot run past the free tier${RAISE("maxReservedConcurrency")}.`,
      ),
    );
  }
  if (isUnknown(memory)) findings.push(cannotCheck(`memory size of "${fn.name}"`));
  else if (typeof memory !== "number" || memory > limits.maxMemoryMb) {
    findings.push(
      violation(
        `Lambda function "${fn.name}" has ${String(memory)} MB of memory: set memorySize to at most ${limits.maxMemoryMb} (free tier: 400,000 GB-seconds a month)${RAISE("maxMemoryMb")}.`,
      ),
    );
  }
  if (isUnknown(timeout)) findings.push(cannotCheck(`timeout of "${fn.name}"`));
  else if (typeof timeout !== "number" || timeout > limits.maxTimeoutSeconds) {
    findings.push(
      violation(`Lambda function "${fn.name}" has a ${String(timeout)} s timeout: set timeout to at most ${limits.maxTimeoutSeconds} seconds${RAISE("maxTimeoutSeconds")}.`),
    );
  }
  return findings;
}

export const lambdaFreeTierLimits = resourcePolicy<LambdaLimits>({
  name: "lambda-free-tier-limits",
  description: "Lambda functions cap reserved concurrency, memory and timeout to stay inside the free tier.",
  enforcementLevel: "mandatory",
  types: T.lambda,
  fix: "Set reservedConcurrentExecutions, memorySize and timeout within the configured limits.",
  configSchema: {
    properties: {
      maxReservedConcurrency: { type: "integer", minimum: 0, default: 1 },
      maxMemoryMb: { type: "integer", minimum: 128, maximum: 10240, default: 512 },
      maxTimeoutSeconds: { type: "integer", minimum: 1, maximum: 900, default: 60 },
    },
  },
  check: (fn, limits) => checkLambdaLimits(fn, limits),
});

export function checkArm64(fn: Res): Finding[] {
  const architectures = at(fn.props, "architectures");
  if (isUnknown(architectures)) return [cannotCheck(`architecture of "${fn.name}"`)];
  const list = asArray(architectures);
  return list.length === 1 && list[0] === "arm64"
    ? []
    : [
        violation(
          `Lambda function "${fn.name}" runs on ${list.length === 0 ? "x86_64 (the default)" : list.join(", ")}: set architectures: ["arm64"] (Graviton is about 20% cheaper per GB-second).`,
        ),
      ];
}

export const lambdaArm64 = resourcePolicy({
  name: "lambda-arm64",
  description: "Lambda functions run on arm64 (Graviton), which is cheaper per GB-second.",
  enforcementLevel: "advisory",
  types: T.lambda,
  fix: 'Set architectures: ["arm64"].',
  check: (fn) => checkArm64(fn),
});

export interface LifecycleLimits {
  readonly maxDataExpirationDays: number;
  readonly maxLogExpirationDays: number;
}

interface ExpirationRule {
  readonly enabled: unknown;
  readonly days: unknown;
  /** The rule applies to every object (no prefix, tag or size filter). */
  readonly wholeBucket: boolean;
}

function isEmptyFilter(filter: unknown): boolean {
  if (filter === undefined || filter === null) return true;
  return Object.entries(filter as Record<string, unknown>).every(([key, value]) => value === undefined || value === null || (key === "prefix" && value === ""));
}

function expirationRules(bucket: Res, configs: readonly Res[]): ExpirationRule[] {
  const separate = configs
    .flatMap((c) => asArray(at(c.props, "rules")))
    .map((rule) => ({
      enabled: isUnknown(at(rule, "status")) ? at(rule, "status") : at(rule, "status") === "Enabled",
      days: at(rule, "expiration", "days"),
      wholeBucket: isEmptyFilter(at(rule, "filter")) && !at(rule, "prefix"),
    }));
  const inline = asArray(at(bucket.props, "lifecycleRules")).map((rule) => ({
    enabled: at(rule, "enabled"),
    days: at(rule, "expiration", "days"),
    wholeBucket: !at(rule, "prefix") && !at(rule, "filter", "prefix") && !at(rule, "filter", "tags"),
  }));
  return [...separate, ...inline];
}

export function checkLifecycle(bucket: Res, resources: readonly Res[], limits: LifecycleLimits): Finding[] {
  const logBucket = logBuckets(resources).has(bucket.urn);
  const limit = logBucket ? limits.maxLogExpirationDays : limits.maxDataExpirationDays;
  const kind = logBucket ? "log" : "data";
  const { configs, unjoinable } = configsOf(bucket, resources, T.lifecycle);
  const rules = expirationRules(bucket, configs);
  if (rules.some((r) => isUnknown(r.enabled) || isUnknown(r.days)) || (rules.length === 0 && unjoinable)) {
    return [cannotCheck(`lifecycle rules of bucket "${bucket.name}"`, bucket.urn)];
  }
  const fix = `add an enabled rule without a filter whose expiration.days is at most ${limit} (the limit for ${kind} buckets)`;
  if (rules.some((r) => r.enabled === true && r.wholeBucket && typeof r.days === "number" && r.days >= 1 && r.days <= limit)) return [];
  if (
    !logBucket &&
    hasUnresolvedLogTarget(resources) &&
    rules.some((r) => r.enabled === true && r.wholeBucket && typeof r.days === "number" && r.days <= limits.maxLogExpirationDays)
  ) {
    return [cannotCheck(`whether bucket "${bucket.name}" is an access-log bucket (its expiration limit depends on it)`, bucket.urn)];
  }
  // A declared exception: records the security policy keeps indefinitely (GuardDuty findings).
  // Reported every time, so the plan shows it, but only when nothing in the bucket expires at all.
  if (at(bucket.props, "tags", "DataRetention") === "indefinite" && !logBucket && rules.every((r) => r.days === undefined || r.days === null)) {
    return [
      advisory(
        `S3 bucket "${bucket.name}" keeps its objects without expiry by declaration (tag DataRetention=indefinite): make sure only records the security policy keeps indefinitely are written there, and watch its size.`,
        bucket.urn,
      ),
    ];
  }
  if (rules.length === 0) return [violation(`S3 bucket "${bucket.name}" has no lifecycle expiration, so its storage grows without bound: ${fix}.`, bucket.urn)];
  return [violation(`S3 bucket "${bucket.name}" does not expire every object within ${limit} days: ${fix}.`, bucket.urn)];
}

export const s3LifecycleExpiration = stackPolicy<LifecycleLimits>({
  name: "s3-lifecycle-expiration",
  description: "S3 buckets expire objects: data buckets within 30 days, access-log buckets within 365 (configurable).",
  enforcementLevel: "mandatory",
  fix: "Add an enabled lifecycle rule without a filter whose expiration.days is within the limit for the bucket's kind.",
  configSchema: {
    properties: {
      maxDataExpirationDays: { type: "integer", minimum: 1, default: 30 },
      maxLogExpirationDays: { type: "integer", minimum: 1, default: 365 },
    },
  },
  check: (resources, limits) => ofType(resources, T.bucket).flatMap((bucket) => checkLifecycle(bucket, resources, limits)),
});

export function checkTtl(table: Res): Finding[] {
  const enabled = at(table.props, "ttl", "enabled");
  if (isUnknown(enabled)) return [cannotCheck(`TTL of table "${table.name}"`)];
  return enabled === true
    ? []
    : [violation(`DynamoDB table "${table.name}" has no TTL: set ttl: { attributeName: "expiresAt", enabled: true } so records expire (free tier: 25 GB).`)];
}

export const dynamoDbTtlEnabled = resourcePolicy({
  name: "dynamodb-ttl-enabled",
  description: "DynamoDB tables expire records with TTL.",
  enforcementLevel: "mandatory",
  types: T.table,
  fix: "Set ttl: { attributeName, enabled: true }.",
  check: (table) => checkTtl(table),
});

export interface CapacityLimits {
  readonly maxReadCapacityUnits: number;
  readonly maxWriteCapacityUnits: number;
}

export function checkDynamoDbCapacity(resources: Res[], limits: CapacityLimits): Finding[] {
  const findings: Finding[] = [];
  let read = 0;
  let write = 0;
  for (const table of ofType(resources, T.table)) {
    const mode = at(table.props, "billingMode") ?? "PROVISIONED";
    if (isUnknown(mode)) {
      findings.push(cannotCheck(`billing mode of table "${table.name}"`, table.urn));
    } else if (mode === "PAY_PER_REQUEST") {
      findings.push(
        advisory(
          `DynamoDB table "${table.name}" is on-demand (PAY_PER_REQUEST), which the always-free tier does not cover: every request is billed. Use billingMode "PROVISIONED" within ${limits.maxReadCapacityUnits} RCU / ${limits.maxWriteCapacityUnits} WCU for the stack.`,
          table.urn,
        ),
      );
    } else {
      const units = [table.props, ...asArray(at(table.props, "globalSecondaryIndexes"))];
      for (const u of units) {
        const r = at(u, "readCapacity");
        const w = at(u, "writeCapacity");
        if (isUnknown(r) || isUnknown(w)) findings.push(cannotCheck(`provisioned capacity of table "${table.name}"`, table.urn));
        read += typeof r === "number" ? r : 0;
        write += typeof w === "number" ? w : 0;
      }
    }
  }
  if (read > limits.maxReadCapacityUnits || write > limits.maxWriteCapacityUnits) {
    findings.push(
      violation(
        `The stack provisions ${read} RCU and ${write} WCU across its DynamoDB tables and indexes: keep the total within ${limits.maxReadCapacityUnits} RCU and ${limits.maxWriteCapacityUnits} WCU (the always-free tier).`,
      ),
    );
  }
  return findings;
}

export const dynamoDbFreeTierCapacity = stackPolicy<CapacityLimits>({
  name: "dynamodb-free-tier-capacity",
  description: "The stack's provisioned DynamoDB capacity stays within 25 RCU / 25 WCU; on-demand tables are flagged (advisory).",
  enforcementLevel: "mandatory",
  fix: 'Use billingMode "PROVISIONED" and keep the stack\'s total capacity within the limits.',
  configSchema: {
    properties: {
      maxReadCapacityUnits: { type: "integer", minimum: 1, default: 25 },
      maxWriteCapacityUnits: { type: "integer", minimum: 1, default: 25 },
    },
  },
  check: (resources, limits) => checkDynamoDbCapacity(resources, limits),
});

export interface AlarmLimits {
  readonly maxAlarms: number;
}

/** Standard resolution is a period of 60 s or more; shorter periods are high-resolution alarms. */
function isHighResolution(alarm: Res): boolean {
  const periods = [at(alarm.props, "period"), ...asArray(at(alarm.props, "metricQueries")).map((q) => at(q, "metric", "period"))];
  return periods.some((p) => typeof p === "number" && p < 60);
}

/**
 * The always-free tier covers 10 standard-resolution alarm metrics; composite and high-resolution
 * alarms are billed from the first one, so all of them count against the budget.
 */
export function checkAlarmCount(resources: Res[], limits: AlarmLimits): Finding[] {
  const metricAlarms = ofType(resources, T.metricAlarm);
  const composite = ofType(resources, T.compositeAlarm);
  const highResolution = metricAlarms.filter(isHighResolution);
  const count = metricAlarms.length + composite.length;
  const findings: Finding[] = [];
  if (count > limits.maxAlarms) {
    findings.push(
      violation(
        `The stack creates ${count} CloudWatch alarms (${metricAlarms.length} metric, ${composite.length} composite): the budget is ${limits.maxAlarms}; remove or combine alarms (a metric-math alarm can watch several metrics).`,
      ),
    );
  }
  for (const alarm of [...composite, ...highResolution]) {
    const kind = composite.includes(alarm) ? "a composite alarm" : "a high-resolution alarm (period under 60 s)";
    findings.push(advisory(`"${alarm.name}" is ${kind}, which the free tier never covers (about $0.30-$0.50 a month each).`, alarm.urn));
  }
  return findings;
}

export const cloudWatchAlarmCount = stackPolicy<AlarmLimits>({
  name: "cloudwatch-alarm-count",
  description: "The stack's metric and composite alarms stay within the alarm budget (default 10, the free tier); composite and high-resolution alarms are noted as billed.",
  fix: "Remove or combine alarms; use standard-resolution (period >= 60 s) metric alarms.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { maxAlarms: { type: "integer", minimum: 0, default: 10 } } },
  check: (resources, limits) => checkAlarmCount(resources, limits),
});

export interface CostConfig {
  /** Estimated USD a month per resource, by service key (overrides the price table). */
  readonly monthlyCostUsd: Readonly<Record<string, number>>;
  /** Service keys (see the rule table) the stack is meant to pay for: reported no more. */
  readonly allowedPaidServices: readonly string[];
}

/** One advisory per billed resource, with the same figure the plan's cost estimate adds up. */
export function checkPaidServices(resources: Res[], config: CostConfig): Finding[] {
  return costItems(resources, { monthlyCostUsd: config.monthlyCostUsd })
    .filter((item) => !config.allowedPaidServices.includes(item.key))
    .map((item) =>
      violation(
        `"${item.resource}" (${item.what}) is not free: about ${formatUsd(item.monthlyUsd)} a month (estimate; ${item.note}). Keep it if the security policy needs it (list "${item.key}" in allowedPaidServices); tune the estimate in monthlyCostUsd.`,
        item.urn,
      ),
    );
}

export const paidServicesCost = stackPolicy<CostConfig>({
  name: "paid-services-cost",
  description: `Reports resources outside the free tier with an estimated monthly cost (policy-pack/lib/prices.ts): ${PAID_RESOURCE_KEYS.join(", ")}.`,
  fix: "Keep the service if the security policy needs it (list its key in allowedPaidServices), or remove it.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      monthlyCostUsd: { type: "object", additionalProperties: { type: "number", minimum: 0 }, default: {} },
      allowedPaidServices: { type: "array", items: { type: "string", enum: [...PAID_RESOURCE_KEYS] }, default: [] },
    },
  },
  check: (resources, config) => checkPaidServices(resources, config),
});

export function checkVersioning(bucket: Res, resources: readonly Res[]): Finding[] {
  if (logBuckets(resources).has(bucket.urn)) return [];
  const { configs, unjoinable } = configsOf(bucket, resources, T.versioning);
  const statuses = [...configs.map((c) => at(c.props, "versioningConfiguration", "status")), at(bucket.props, "versioning", "enabled") === true ? "Enabled" : undefined];
  if (statuses.includes("Enabled")) return [];
  if (statuses.some(isUnknown) || (configs.length === 0 && unjoinable)) return [cannotCheck(`versioning of bucket "${bucket.name}"`, bucket.urn)];
  return [
    violation(
      `S3 bucket "${bucket.name}" does not keep versions: an overwrite or delete loses data. Add an aws.s3.BucketVersioning with status "Enabled" (and a noncurrent-version expiration to bound the cost).`,
      bucket.urn,
    ),
  ];
}

export const s3DataBucketVersioning = stackPolicy({
  name: "s3-data-bucket-versioning",
  description: "S3 data buckets (not access-log or CloudTrail buckets) enable versioning, so an overwrite or delete can be undone.",
  fix: 'Add aws.s3.BucketVersioning with versioningConfiguration.status "Enabled" and a noncurrent-version expiration.',
  enforcementLevel: "advisory",
  check: (resources) => ofType(resources, T.bucket).flatMap((bucket) => checkVersioning(bucket, resources)),
});

export const freeTierPolicies = [
  lambdaFreeTierLimits,
  lambdaArm64,
  s3LifecycleExpiration,
  dynamoDbTtlEnabled,
  dynamoDbFreeTierCapacity,
  cloudWatchAlarmCount,
  paidServicesCost,
  s3DataBucketVersioning,
];
