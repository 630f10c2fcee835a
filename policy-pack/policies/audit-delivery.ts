/**
 * Audit and monitoring that must reach someone: alarms that notify on ALARM, trails that log,
 * and S3 access logs delivered somewhere other than the bucket they describe.
 */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { asArray, at, joinToBucket, ofType, Res, T } from "../lib/resources";
import { isUnknown } from "../lib/values";

export function checkAlarmNotifies(alarm: Res): Finding[] {
  const enabled = at(alarm.props, "actionsEnabled");
  const actions = at(alarm.props, "alarmActions");
  if (isUnknown(enabled) || isUnknown(actions)) return [cannotCheck(`the actions of alarm "${alarm.name}"`)];
  if (enabled === false) {
    return [violation(`Alarm "${alarm.name}" has actionsEnabled: false: it changes state but notifies nobody. Remove actionsEnabled: false.`, undefined, "actions-disabled")];
  }
  if (asArray(actions).length === 0) {
    const others = asArray(at(alarm.props, "okActions")).length + asArray(at(alarm.props, "insufficientDataActions")).length;
    return [
      violation(
        `Alarm "${alarm.name}" has no alarmActions${others > 0 ? " (it notifies only on OK or INSUFFICIENT_DATA)" : ""}: nobody hears when it fires. Add the alert topic to alarmActions.`,
        undefined,
        "no-alarm-actions",
      ),
    ];
  }
  return [];
}

export const alarmNotifiesSomeone = resourcePolicy({
  name: "cloudwatch-alarm-notifies",
  description: "Every CloudWatch alarm notifies someone when it fires: actions enabled and at least one alarmActions target (OK and INSUFFICIENT_DATA actions alone do not count).",
  fix: "Add the alert topic's ARN to alarmActions and leave actionsEnabled at its default (true).",
  enforcementLevel: "advisory",
  types: [...T.metricAlarm, ...T.compositeAlarm],
  check: (alarm) => checkAlarmNotifies(alarm),
});

export function checkTrailLogging(trail: Res): Finding[] {
  const logging = at(trail.props, "enableLogging");
  if (isUnknown(logging)) return [cannotCheck(`whether trail "${trail.name}" logs`)];
  return logging === false ? [violation(`CloudTrail trail "${trail.name}" has enableLogging: false: it records no API activity. Remove enableLogging: false.`)] : [];
}

export const cloudTrailLogging = resourcePolicy({
  name: "cloudtrail-logging-enabled",
  description: "CloudTrail trails record events (enableLogging is not false): the audit log the security policy requires.",
  fix: "Remove enableLogging: false (logging is on by default).",
  enforcementLevel: "mandatory",
  types: T.trail,
  check: (trail) => checkTrailLogging(trail),
});

/** S3 server access logs that land in the bucket they describe. */
export function checkSelfLogging(resources: readonly Res[]): Finding[] {
  const buckets = ofType(resources, T.bucket);
  const findings: Finding[] = [];
  for (const logging of ofType(resources, T.logging)) {
    const source = joinToBucket(logging, buckets, "bucket");
    const target = joinToBucket(logging, buckets, "targetBucket");
    const sameName =
      at(logging.props, "bucket") === at(logging.props, "targetBucket") && typeof at(logging.props, "bucket") === "string" && !isUnknown(at(logging.props, "bucket"));
    const sameBucket = source.kind === "joined" && target.kind === "joined" && source.target.urn === target.target.urn;
    if (sameBucket || sameName) {
      findings.push(
        violation(
          `"${logging.name}" delivers the access logs of a bucket into that same bucket: each log write is logged again, and whoever can delete the data can delete its logs. Deliver them to a separate log bucket.`,
          logging.urn,
        ),
      );
    }
  }
  for (const bucket of buckets) {
    const target = at(bucket.props, "logging", "targetBucket");
    if (typeof target === "string" && [at(bucket.props, "bucket"), at(bucket.props, "id")].includes(target)) {
      findings.push(violation(`S3 bucket "${bucket.name}" delivers its access logs into itself: deliver them to a separate log bucket.`, bucket.urn));
    }
  }
  return findings;
}

export const s3AccessLogsNotSelf = stackPolicy({
  name: "s3-access-logs-separate-bucket",
  description: "S3 server access logs are delivered to a bucket other than the one they describe (joined by property dependency or bucket name).",
  fix: "Point targetBucket at a dedicated log bucket.",
  enforcementLevel: "advisory",
  check: (resources) => checkSelfLogging(resources),
});

export const auditDeliveryPolicies = [alarmNotifiesSomeone, cloudTrailLogging, s3AccessLogsNotSelf];
