import { cloudWatchLogRetention, requiredAlarms } from "../../policy-pack/policies/observability";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { res, secureBucket, T, verdicts } from "./fixtures";

const second = (v: { message: string }) => v.message.split("\n")[1];

describe("cloudwatch-log-retention", () => {
  const group = (retentionInDays?: unknown) => res(T.logGroup, "processor-logs", retentionInDays === undefined ? {} : { retentionInDays });

  it.each([30, 365])("passes %i days", async (days) => {
    expect(await verdicts([cloudWatchLogRetention], [group(days)])).toEqual([]);
  });

  it("fails infinite retention (unset or 0) and days outside the allowed set", async () => {
    const g = group();
    expect(await verdicts([cloudWatchLogRetention], [g])).toEqual([
      {
        policyName: "cloudwatch-log-retention",
        enforcementLevel: "mandatory",
        urn: g.urn,
        message: `${cloudWatchLogRetention.description}\nCloudWatch log group "processor-logs" keeps logs forever: set retentionInDays between 30 and 365 days.`,
      },
    ]);
    expect((await verdicts([cloudWatchLogRetention], [group(0)])).map(second)).toEqual([
      `CloudWatch log group "processor-logs" keeps logs forever: set retentionInDays between 30 and 365 days.`,
    ]);
    // The security policy's range is 30-365 days: 90 passes, 29 and 366 do not; a configured set replaces the range.
    expect(await verdicts([cloudWatchLogRetention], [group(90)])).toEqual([]);
    expect(await verdicts([cloudWatchLogRetention], [group(30)])).toEqual([]);
    expect(await verdicts([cloudWatchLogRetention], [group(365)])).toEqual([]);
    expect((await verdicts([cloudWatchLogRetention], [group(29)])).map(second)).toEqual([
      `CloudWatch log group "processor-logs" keeps logs for 29 days: set retentionInDays between 30 and 365 days.`,
    ]);
    expect((await verdicts([cloudWatchLogRetention], [group(366)])).map(second)).toEqual([
      `CloudWatch log group "processor-logs" keeps logs for 366 days: set retentionInDays between 30 and 365 days.`,
    ]);
    expect((await verdicts([cloudWatchLogRetention], [group(90)], { "cloudwatch-log-retention": { allowedRetentionDays: [30, 365] } })).map(second)).toEqual([
      `CloudWatch log group "processor-logs" keeps logs for 90 days: set retentionInDays to 30 or 365.`,
    ]);
    expect(await verdicts([cloudWatchLogRetention], [group(120)], { "cloudwatch-log-retention": { minRetentionDays: 90, maxRetentionDays: 180 } })).toEqual([]);
  });

  it("takes the allowed set from config, advises on unknown, ignores other types", async () => {
    expect(await verdicts([cloudWatchLogRetention], [group(90)], { "cloudwatch-log-retention": { allowedRetentionDays: [90] } })).toEqual([]);
    expect((await verdicts([cloudWatchLogRetention], [group(UNKNOWN)])).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", `cannot check during preview: retention of log group "processor-logs"`],
    ]);
    expect(await verdicts([cloudWatchLogRetention], [res(T.table, "t", {})])).toEqual([]);
  });

  it("can be disabled or made advisory from config", async () => {
    expect(await verdicts([cloudWatchLogRetention], [group()], { "cloudwatch-log-retention": "disabled" })).toEqual([]);
    expect((await verdicts([cloudWatchLogRetention], [group()], { "cloudwatch-log-retention": "advisory" })).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
  });
});

describe("required-alarms", () => {
  const alarm = (name: string, namespace: unknown, metricName: unknown) => res(T.alarm, name, { namespace, metricName, threshold: 1, comparisonOperator: "GreaterThanThreshold" });
  const lambda = res(T.lambda, "processor", {});
  const key = res(T.key, "data-key", {});
  const kmsRule = res(T.eventRule, "kms-state", { eventPattern: JSON.stringify({ source: ["aws.kms"], "detail-type": ["AWS API Call via CloudTrail"] }) });
  const all = [alarm("errors", "AWS/Lambda", "Errors"), alarm("throttles", "AWS/Lambda", "Throttles"), alarm("storage", "AWS/S3", "BucketSizeBytes")];

  it("passes a stack with every required alarm", async () => {
    expect(await verdicts([requiredAlarms], [lambda, key, ...secureBucket("uploads"), ...all, kmsRule])).toEqual([]);
  });

  it("fails each missing alarm with what to add", async () => {
    expect(await verdicts([requiredAlarms], [lambda, key, ...secureBucket("uploads")])).toEqual(
      [
        `The stack has no Lambda errors alarm: add a MetricAlarm on AWS/Lambda "Errors", notifying the alerts topic.`,
        `The stack has no Lambda throttles alarm: add a MetricAlarm on AWS/Lambda "Throttles", notifying the alerts topic.`,
        `The stack has no S3 storage alarm: add a MetricAlarm on AWS/S3 "BucketSizeBytes", notifying the alerts topic.`,
        `The stack has no KMS key state changes alarm: add an EventRule whose eventPattern has source ["aws.kms"] (key disabled or scheduled for deletion), or a MetricAlarm in namespace AWS/KMS, notifying the alerts topic.`,
      ].map((m) => ({ policyName: "required-alarms", enforcementLevel: "mandatory", urn: "", message: `${requiredAlarms.description}\n${m}` })),
    );
  });

  it("requires only the alarms for resources the stack has", async () => {
    expect(await verdicts([requiredAlarms], [key, kmsRule])).toEqual([]);
    expect((await verdicts([requiredAlarms], [lambda, all[0]])).map(second)).toEqual([expect.stringContaining("no Lambda throttles alarm")]);
    expect(await verdicts([requiredAlarms], [res(T.topic, "t")])).toEqual([]);
  });

  it("recognises metric-math alarms and a KMS metric alarm, but not another source's rule", async () => {
    const math = res(T.alarm, "math", {
      metricQueries: [
        { id: "e", metric: { namespace: "AWS/Lambda", metricName: "Errors" } },
        { id: "t", metric: { namespace: "AWS/Lambda", metricName: "Throttles" } },
      ],
    });
    expect(await verdicts([requiredAlarms], [lambda, math])).toEqual([]);
    expect(await verdicts([requiredAlarms], [key, alarm("kms", "AWS/KMS", "SecondsUntilKeyMaterialExpiration")])).toEqual([]);
    const other = res(T.eventRule, "s3-events", { eventPattern: JSON.stringify({ source: ["aws.s3"] }) });
    expect((await verdicts([requiredAlarms], [key, other])).map(second)).toEqual([expect.stringContaining("no KMS key state changes alarm")]);
  });

  it("advises during preview when alarm metrics or event patterns are unknown", async () => {
    expect((await verdicts([requiredAlarms], [lambda, alarm("e", UNKNOWN, "Errors")])).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", "cannot check during preview: the metrics some alarms watch are not yet known"],
    ]);
    expect((await verdicts([requiredAlarms], [key, res(T.eventRule, "r", { eventPattern: UNKNOWN })])).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", "cannot check during preview: the event patterns of some EventBridge rules are not yet known"],
    ]);
  });
});
