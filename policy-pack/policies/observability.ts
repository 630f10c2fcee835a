/** Logging and monitoring: bounded log retention and the alarms the security policy requires. */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { strings } from "../lib/policy-document";
import { asArray, at, joinTo, ofType, Res, T, topicNames } from "../lib/resources";
import { isUnknown } from "../lib/values";
import { keyAlertsNeedTrail } from "./key-alerts";

export interface RetentionConfig {
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
  /** When not empty, only these values are allowed (a set instead of the range). */
  readonly allowedRetentionDays: readonly number[];
}

export function checkLogRetention(group: Res, config: RetentionConfig): Finding[] {
  const days = at(group.props, "retentionInDays");
  if (isUnknown(days)) return [cannotCheck(`retention of log group "${group.name}"`)];
  const useSet = config.allowedRetentionDays.length > 0;
  const allowed = useSet ? config.allowedRetentionDays.join(" or ") : `between ${config.minRetentionDays} and ${config.maxRetentionDays} days`;
  if (typeof days !== "number" || days === 0) {
    return [violation(`CloudWatch log group "${group.name}" keeps logs forever: set retentionInDays ${useSet ? "to " : ""}${allowed}.`)];
  }
  const ok = useSet ? config.allowedRetentionDays.includes(days) : days >= config.minRetentionDays && days <= config.maxRetentionDays;
  return ok ? [] : [violation(`CloudWatch log group "${group.name}" keeps logs for ${days} days: set retentionInDays ${useSet ? "to " : ""}${allowed}.`)];
}

export const cloudWatchLogRetention = resourcePolicy<RetentionConfig>({
  name: "cloudwatch-log-retention",
  description: "CloudWatch log groups keep logs for a bounded time within the configured range (default 30-365 days, the security policy's) or set, never forever.",
  fix: "Set retentionInDays within [minRetentionDays, maxRetentionDays], or to one of allowedRetentionDays when that set is configured.",
  enforcementLevel: "mandatory",
  types: T.logGroup,
  configSchema: {
    properties: {
      minRetentionDays: { type: "integer", minimum: 1, default: 30 },
      maxRetentionDays: { type: "integer", minimum: 1, default: 365 },
      allowedRetentionDays: { type: "array", items: { type: "integer", minimum: 1 }, default: [] },
    },
  },
  check: (group, config) => checkLogRetention(group, config),
});

/** The (namespace, metric) pairs an alarm watches, directly or through metric math. */
function metricsOf(alarm: Res): { namespace: unknown; metricName: unknown }[] {
  const direct = { namespace: at(alarm.props, "namespace"), metricName: at(alarm.props, "metricName") };
  const queries = asArray(at(alarm.props, "metricQueries")).map((q) => ({ namespace: at(q, "metric", "namespace"), metricName: at(q, "metric", "metricName") }));
  return [direct, ...queries];
}

/** A rule on KMS events: `source` includes "aws.kms" (e.g. key disabled or scheduled for deletion). */
function watchesKmsEvents(rule: Res): boolean | "unknown" {
  const pattern = at(rule.props, "eventPattern");
  if (isUnknown(pattern)) return "unknown";
  if (typeof pattern !== "string") return false;
  try {
    return strings((JSON.parse(pattern) as Record<string, unknown>).source).includes("aws.kms");
  } catch {
    return false;
  }
}

interface RequiredAlarm {
  readonly what: string;
  readonly appliesTo: readonly string[];
  readonly fix: string;
  readonly matches: (metric: { namespace: unknown; metricName: unknown }) => boolean;
}

const REQUIRED: readonly RequiredAlarm[] = [
  { what: "Lambda errors", appliesTo: T.lambda, fix: `a MetricAlarm on AWS/Lambda "Errors"`, matches: (m) => m.namespace === "AWS/Lambda" && m.metricName === "Errors" },
  { what: "Lambda throttles", appliesTo: T.lambda, fix: `a MetricAlarm on AWS/Lambda "Throttles"`, matches: (m) => m.namespace === "AWS/Lambda" && m.metricName === "Throttles" },
  { what: "S3 storage", appliesTo: T.bucket, fix: `a MetricAlarm on AWS/S3 "BucketSizeBytes"`, matches: (m) => m.namespace === "AWS/S3" && m.metricName === "BucketSizeBytes" },
  {
    what: "KMS key state changes",
    appliesTo: T.kmsKey,
    fix: `an EventRule whose eventPattern has source ["aws.kms"] (key disabled or scheduled for deletion), or a MetricAlarm in namespace AWS/KMS`,
    matches: (m) => m.namespace === "AWS/KMS",
  },
];

export function checkRequiredAlarms(resources: Res[]): Finding[] {
  const metrics = ofType(resources, T.metricAlarm).flatMap(metricsOf);
  if (metrics.some((m) => isUnknown(m.namespace) || isUnknown(m.metricName))) {
    return [cannotCheck("the metrics some alarms watch are not yet known")];
  }
  const kmsRules = ofType(resources, T.eventRule).map(watchesKmsEvents);
  const findings: Finding[] = [];
  for (const required of REQUIRED) {
    if (ofType(resources, required.appliesTo).length === 0) continue;
    if (metrics.some(required.matches)) continue;
    if (required.appliesTo === T.kmsKey && kmsRules.includes(true)) continue;
    if (required.appliesTo === T.kmsKey && kmsRules.includes("unknown")) {
      findings.push(cannotCheck("the event patterns of some EventBridge rules are not yet known"));
      continue;
    }
    findings.push(violation(`The stack has no ${required.what} alarm: add ${required.fix}, notifying the alerts topic.`));
  }
  return findings;
}

export const requiredAlarms = stackPolicy({
  name: "required-alarms",
  description: "The stack alarms on Lambda errors and throttles, S3 storage and KMS key state changes (each where the stack has such resources).",
  enforcementLevel: "mandatory",
  fix: "Add the missing MetricAlarm (or KMS EventRule) notifying the alerts topic.",
  check: (resources) => checkRequiredAlarms(resources),
});

const SUBSCRIPTION = ["aws:sns/topicSubscription:TopicSubscription"];
const EVENT_TARGET = ["aws:cloudwatch/eventTarget:EventTarget"];

/**
 * Topics that alerts go to: named in an alarm's `alarmActions` or as an EventBridge rule target.
 * Joined by property dependency (how the engine records `alarmActions: [topic.arn]`) or by ARN.
 */
function alertTopics(resources: Res[]): { topics: Res[]; unknown: boolean } {
  const topics = ofType(resources, T.topic);
  const found = new Map<string, Res>();
  let unknown = false;
  const add = (source: Res, property: string, values: unknown[]) => {
    for (const dep of source.propertyDependencies?.[property] ?? []) {
      const topic = topics.find((t) => t.urn === dep.urn);
      if (topic) found.set(topic.urn, topic);
    }
    for (const value of values) {
      if (isUnknown(value)) unknown = true;
      const topic = topics.find((t) => typeof value === "string" && topicNames(t).includes(value));
      if (topic) found.set(topic.urn, topic);
    }
  };
  for (const alarm of ofType(resources, T.metricAlarm)) add(alarm, "alarmActions", asArray(at(alarm.props, "alarmActions")));
  for (const target of ofType(resources, EVENT_TARGET)) add(target, "arn", [at(target.props, "arn")]);
  return { topics: [...found.values()], unknown };
}

export function checkAlertSubscribers(resources: Res[]): Finding[] {
  const { topics } = alertTopics(resources);
  const subscriptions = ofType(resources, SUBSCRIPTION);
  const findings: Finding[] = [];
  for (const topic of topics) {
    const joins = subscriptions.map((sub) => joinTo(sub, [topic], "topic", topicNames));
    if (joins.some((j) => j.kind === "joined")) continue;
    if (joins.some((j) => j.kind === "unknown")) {
      findings.push(cannotCheck(`whether anyone subscribes to alert topic "${topic.name}"`, topic.urn));
      continue;
    }
    findings.push(
      violation(
        `No one is subscribed to alert topic "${topic.name}": its alarms and security alerts reach nobody. Set securityAlertEmails (and criticalAlertEmails for Critical alerts), or subscribe an on-call endpoint.`,
        topic.urn,
      ),
    );
  }
  return findings;
}

export const alertTopicSubscribers = stackPolicy({
  name: "alert-topic-subscribers",
  description: "Every SNS topic that alarms or EventBridge rules notify has at least one subscription (advisory; mandatory in production).",
  fix: "Subscribe the alert topic: set securityAlertEmails (and criticalAlertEmails for Critical alerts), or add an on-call endpoint subscription.",
  enforcementLevel: "advisory",
  check: (resources) => checkAlertSubscribers(resources),
});

export const observabilityPolicies = [cloudWatchLogRetention, requiredAlarms, keyAlertsNeedTrail, alertTopicSubscribers];
