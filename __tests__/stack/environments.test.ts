/**
 * The production stack file, as index.ts builds it under the offline mocks, checked with its own
 * policy-pack config (policy-pack/config/prod.json): within the 10-alarm free tier, no mandatory
 * violation, and the production settings actually applied. The dev stack gets the same checks in
 * __tests__/policy/dev-stack.test.ts (the mocks allow one program per jest file). Proves what the
 * program asks AWS for, not that AWS accepts it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { severityFilterPolicy } from "../../components";
import { evaluatePolicies, PolicyConfig, Violation } from "../../offline/policy-eval";
import { ofType, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";
import * as pulumi from "@pulumi/pulumi";
import { readStackSettings } from "../../components/stack-config";
import { loadStackConfig } from "../../offline/stack-config";

const ROOT = path.resolve(__dirname, "../..");
const packConfig = (stack: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack/config", `${stack}.json`), "utf8")) as PolicyConfig;
const ALARMS = [
  "image-processor-dropped-events",
  "image-processor-errors",
  "image-processor-event-age",
  "image-processor-failed-uploads",
  "image-processor-throttles",
  "security-storage",
];

const plans: Record<string, { run: ProgramRun; violations: Violation[] }> = {};
beforeAll(async () => {
  const run = await runProgram({ stack: "prod" });
  plans.prod = { run, violations: await evaluatePolicies(run.resources, { config: packConfig("prod") }) };
}, 240_000);

describe.each(["prod"])("stack %s", (stack) => {
  it("creates 6 alarms (free tier 10), each naming its severity", () => {
    const alarms = ofType(plans[stack].run, "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((a) => a.name).sort()).toEqual(ALARMS);
    expect(alarms.map((a) => String(a.inputs.alarmDescription).split(":")[0]).sort()).toEqual(["High", "High", "High", "Low", "Medium", "Medium"]);
  });

  it("has no mandatory violation under its own pack config", () => {
    expect(plans[stack].violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("exports GuardDuty findings, alerts on High and Critical findings, and has one dashboard", () => {
    const run = plans[stack].run;
    expect(ofType(run, "aws:guardduty/publishingDestination:PublishingDestination")).toHaveLength(1);
    expect(
      ofType(run, "aws:cloudwatch/eventRule:EventRule")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["security-audit-bucket-change", "security-guardduty-critical", "security-guardduty-high", "security-kms-key-state", "security-kms-key-state-1"]);
    expect(ofType(run, "aws:cloudwatch/dashboard:Dashboard").map((d) => d.inputs.dashboardName)).toEqual([`image-pipeline-${stack}`]);
  });
});

describe("prod", () => {
  it("protects the table and keeps PITR, the paid security services and the retention values", () => {
    const run = plans.prod.run;
    expect(single(run, "aws:dynamodb/table:Table").inputs).toMatchObject({ deletionProtectionEnabled: true, pointInTimeRecovery: { enabled: true } });
    for (const type of ["aws:guardduty/detector:Detector", "aws:securityhub/account:Account", "aws:cfg/recorder:Recorder", "aws:cloudtrail/trail:Trail"])
      expect(ofType(run, type)).toHaveLength(1);
    expect(single(run, "aws:cloudwatch/logGroup:LogGroup", "security-audit-logs").inputs.retentionInDays).toBe(365);
    expect(single(run, "aws:cloudwatch/logGroup:LogGroup", "image-processor-logs").inputs.retentionInDays).toBe(30);
    expect(single(run, "aws:s3/bucket:Bucket", "findings-bucket").inputs.tags).toEqual({ DataRetention: "indefinite" });
  });

  it("sends every severity to the security team and Critical also to on-call", () => {
    const subs = ofType(plans.prod.run, "aws:sns/topicSubscription:TopicSubscription").map((s) => [s.name, s.inputs.endpoint, s.inputs.filterPolicy ?? null]);
    expect(subs).toEqual([
      ["security-alerts-email-0", "security@company.com", null],
      ["security-alerts-critical-email-0", "oncall@company.com", JSON.stringify(severityFilterPolicy(["Critical"]))],
      // The alerts key's own state alerts reach the same people on the key-alerts topic.
      ["key-alerts-email-0", "security@company.com", null],
      ["key-alerts-critical-email-0", "oncall@company.com", JSON.stringify(severityFilterPolicy(["Critical"]))],
    ]);
    expect(plans.prod.violations.filter((v) => v.policyName === "alert-topic-subscribers")).toEqual([]);
  });

  it("refuses to run without anyone to receive security alerts, Critical included", () => {
    const settings = (overrides: Record<string, unknown>) => {
      pulumi.runtime.setAllConfig(loadStackConfig(ROOT, "prod", overrides).values);
      return readStackSettings(new pulumi.Config("secure-image-pipeline"));
    };
    expect(settings({}).requireSecurityAlertSubscribers).toBe(true);
    expect(() => settings({ securityAlertEmails: [], criticalAlertEmails: [] })).toThrow(
      "secure-image-pipeline:requireSecurityAlertSubscribers is true but securityAlertEmails and criticalAlertEmails are both empty",
    );
    expect(() => settings({ securityAlertSeverities: ["High"], criticalAlertEmails: [] })).toThrow(
      "secure-image-pipeline:requireSecurityAlertSubscribers is true but no one receives Critical alerts",
    );
    expect(settings({ securityAlertSeverities: ["High"] }).criticalAlertEmails).toEqual(["oncall@company.com"]);
    expect(() => settings({ securityAlertSeverities: ["Urgent"] })).toThrow(
      'secure-image-pipeline:securityAlertSeverities must be a non-empty list of Critical, High, Medium, Low, got ["Urgent"]',
    );
  });
});
