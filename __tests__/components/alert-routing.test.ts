/**
 * Severity routing: every alert names its severity, and email subscriptions filter on it (SNS
 * filter policies, scope MessageBody). Under mocks this proves the subscriptions requested; the
 * small matcher below models SNS's documented semantics for the three operators the policies use
 * (exact list, `prefix`, `$or`), to show that both message shapes route as intended. It is a
 * model of SNS, not SNS.
 */
import { AlertTopic, SEVERITIES, severityFilterPolicy } from "../../components";
import { describeWithSeverity, severityOfDescription } from "../../components/alert-severity";
import { ofType, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

type Filter = Record<string, unknown>;
function matches(filter: Filter, body: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === "$or") return (condition as Filter[]).some((f) => matches(f, body));
    const value = body[key];
    if (typeof value !== "string") return false;
    return (condition as unknown[]).some((c) => (typeof c === "string" ? c === value : value.startsWith((c as { prefix: string }).prefix)));
  });
}

/** The two message shapes on the security-alerts topic. */
const alarmNotification = (description: string) => ({ AlarmName: "image-processor-errors-1a2b3c", AlarmDescription: description, NewStateValue: "ALARM" });
const eventAlert = (severity: string) => ({ severity, alert: "GuardDuty finding", title: "x" });

describe("severityFilterPolicy", () => {
  test("Critical only: the severity field, or an alarm description starting with the severity", () => {
    expect(severityFilterPolicy(["Critical"])).toEqual({ $or: [{ severity: ["Critical"] }, { AlarmDescription: [{ prefix: "Critical: " }] }] });
  });

  test("every severity means no filter, so nothing is ever dropped", () => {
    expect(severityFilterPolicy([...SEVERITIES])).toBeUndefined();
    expect(severityFilterPolicy(["Low", "High", "Medium", "Critical"])).toBeUndefined();
  });

  test("routes both message shapes by severity, and nothing else", () => {
    const urgent = severityFilterPolicy(["High", "Critical"])!;
    expect(urgent).toEqual({ $or: [{ severity: ["Critical", "High"] }, { AlarmDescription: [{ prefix: "Critical: " }, { prefix: "High: " }] }] });
    expect(matches(urgent, alarmNotification(describeWithSeverity("High", "More than 5 errors")))).toBe(true);
    expect(matches(urgent, alarmNotification(describeWithSeverity("Low", "Any throttle")))).toBe(false);
    expect(matches(urgent, alarmNotification("Highly unusual: no severity"))).toBe(false);
    expect(matches(urgent, eventAlert("Critical"))).toBe(true);
    expect(matches(urgent, eventAlert("Medium"))).toBe(false);
  });

  test("unknown or no severities are refused", () => {
    expect(() => severityFilterPolicy(["Urgent" as never])).toThrow("Unknown severities Urgent: use Critical, High, Medium, Low");
    expect(() => severityFilterPolicy([])).toThrow("A severity route needs at least one severity");
  });

  test("descriptions carry and give back their severity", () => {
    for (const s of SEVERITIES) expect(severityOfDescription(describeWithSeverity(s, "text"))).toBe(s);
    expect(severityOfDescription("More than 5 errors")).toBeUndefined();
  });
});

describe("AlertTopic severity routes", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({
      program: () => {
        new AlertTopic("sec", {
          kmsKeyArn: KEY,
          publisherServices: ["cloudwatch.amazonaws.com", "events.amazonaws.com"],
          emailSubscriptions: ["team@example.com"],
          emailSeverities: ["Critical", "High", "Medium"],
          severityRoutes: [{ name: "critical", emails: ["pager@example.com", "lead@example.com"], severities: ["Critical"] }],
        });
        new AlertTopic("all", { kmsKeyArn: KEY, publisherServices: ["events.amazonaws.com"], emailSubscriptions: ["team@example.com"], emailSeverities: [...SEVERITIES] });
        return {};
      },
    });
  }, 120_000);

  test("the team gets Critical, High and Medium; the Critical route gets only Critical; all four means unfiltered", () => {
    const topic = single(run, "aws:sns/topic:Topic", "sec-topic").outputs.arn;
    const sub = (name: string) => single(run, "aws:sns/topicSubscription:TopicSubscription", name).inputs;
    expect(sub("sec-email-0")).toEqual({
      topic,
      protocol: "email",
      endpoint: "team@example.com",
      filterPolicy: JSON.stringify(severityFilterPolicy(["Critical", "High", "Medium"])),
      filterPolicyScope: "MessageBody",
    });
    for (const [i, email] of ["pager@example.com", "lead@example.com"].entries()) {
      expect(sub(`sec-critical-email-${i}`)).toEqual({
        topic,
        protocol: "email",
        endpoint: email,
        filterPolicy: JSON.stringify(severityFilterPolicy(["Critical"])),
        filterPolicyScope: "MessageBody",
      });
    }
    expect(sub("all-email-0")).toEqual({ topic: single(run, "aws:sns/topic:Topic", "all-topic").outputs.arn, protocol: "email", endpoint: "team@example.com" });
    expect(ofType(run, "aws:sns/topicSubscription:TopicSubscription")).toHaveLength(4);
  });

  test("bad routes are refused together, naming each problem", () => {
    expect(
      () =>
        new AlertTopic("bad", {
          kmsKeyArn: KEY,
          publisherServices: ["events.amazonaws.com"],
          emailSeverities: [],
          severityRoutes: [
            { name: "on-call", emails: ["not-an-email"], severities: ["Critical"] },
            { name: "x", emails: [], severities: ["Severe" as never] },
            { name: "x", emails: [], severities: ["Low"] },
          ],
        }),
    ).toThrow(
      /not-an-email[\s\S]*emailSeverities: A severity route needs at least one severity[\s\S]*Unknown severities Severe[\s\S]*"on-call" must be alphanumeric[\s\S]*names must be unique/,
    );
  });
});
