/**
 * Alert severities of the security policy (6.1) and how every alert on the security-alerts topic
 * carries one, so SNS subscription filter policies (scope: message body) can route by it.
 *
 * Two message shapes reach the topic, and both name their severity in the body:
 * - CloudWatch alarm notifications: the alarm description starts with `<Severity>: `, which the
 *   notification carries as `AlarmDescription` (matched with an SNS `prefix` filter);
 * - EventBridge alerts (KMS key state, GuardDuty findings): an input transformer writes a JSON body
 *   with a top-level `severity` field.
 */

export const SEVERITIES = ["Critical", "High", "Medium", "Low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Response times of security policy 6.1, for the runbook and the alert messages. */
export const SEVERITY_RESPONSE_TIME: Record<Severity, string> = {
  Critical: "Immediate",
  High: "1 hour",
  Medium: "24 hours",
  Low: "48 hours",
};

/** An alarm description that carries its severity, e.g. `High: More than 5 errors in 5 minutes`. */
export function describeWithSeverity(severity: Severity, text: string): string {
  return `${severity}: ${text}`;
}

/** The severity an alarm description starts with, or undefined. */
export function severityOfDescription(description: string): Severity | undefined {
  return SEVERITIES.find((s) => description.startsWith(`${s}: `));
}

/**
 * The SNS filter policy (filterPolicyScope `MessageBody`) that lets through alerts of these
 * severities, in either message shape; undefined when every severity is wanted (no filter, so an
 * alert that lacks a severity is still delivered).
 */
export function severityFilterPolicy(severities: readonly Severity[]): Record<string, unknown> | undefined {
  const unknownSeverities = severities.filter((s) => !SEVERITIES.includes(s));
  if (unknownSeverities.length > 0) throw new Error(`Unknown severities ${unknownSeverities.join(", ")}: use ${SEVERITIES.join(", ")}`);
  if (severities.length === 0) throw new Error("A severity route needs at least one severity");
  const wanted = SEVERITIES.filter((s) => severities.includes(s));
  if (wanted.length === SEVERITIES.length) return undefined;
  return {
    $or: [{ severity: [...wanted] }, { AlarmDescription: wanted.map((s) => ({ prefix: `${s}: ` })) }],
  };
}

/**
 * An EventBridge input template that turns an event into a readable JSON alert with a severity.
 * `fields` maps output field names to input-path variables (declared in `inputPaths`); values are
 * inserted as JSON values, so quotes and newlines in them stay valid JSON.
 */
export function alertInputTemplate(severity: Severity, alert: string, fields: readonly string[]): string {
  const body = [`"severity":${JSON.stringify(severity)}`, `"responseTime":${JSON.stringify(SEVERITY_RESPONSE_TIME[severity])}`, `"alert":${JSON.stringify(alert)}`];
  for (const field of fields) body.push(`${JSON.stringify(field)}:<${field}>`);
  return `{${body.join(",")}}`;
}
