import {
  checkDynamoDbCapacity,
  cloudWatchAlarmCount,
  dynamoDbFreeTierCapacity,
  dynamoDbTtlEnabled,
  lambdaArm64,
  lambdaFreeTierLimits,
  paidServicesCost,
  s3LifecycleExpiration,
} from "../../policy-pack/policies/free-tier";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { bucketPair, KEY_ARN, res, secureBucket, T, verdicts } from "./fixtures";

const fn = (props: Record<string, unknown>) => res(T.lambda, "processor", { architectures: ["arm64"], memorySize: 512, timeout: 60, reservedConcurrentExecutions: 1, ...props });
const second = (v: { message: string }) => v.message.split("\n")[1];

describe("lambda-free-tier-limits", () => {
  it("passes the secure defaults", async () => {
    expect(await verdicts([lambdaFreeTierLimits], [fn({})])).toEqual([]);
  });

  it("fails unreserved concurrency (the default), too much memory and a long timeout", async () => {
    const f = fn({ reservedConcurrentExecutions: undefined, memorySize: 1024, timeout: 300 });
    expect(await verdicts([lambdaFreeTierLimits], [f])).toEqual(
      [
        `Lambda function "processor" has reserved concurrency unreserved: set reservedConcurrentExecutions to at most 1 so a burst of uploads cannot run past the free tier, or raise lambda-free-tier-limits.maxReservedConcurrency in the pack's config in the same pull request.`,
        `Lambda function "processor" has 1024 MB of memory: set memorySize to at most 512 (free tier: 400,000 GB-seconds a month), or raise lambda-free-tier-limits.maxMemoryMb in the pack's config in the same pull request.`,
        `Lambda function "processor" has a 300 s timeout: set timeout to at most 60 seconds, or raise lambda-free-tier-limits.maxTimeoutSeconds in the pack's config in the same pull request.`,
      ].map((m) => ({ policyName: "lambda-free-tier-limits", enforcementLevel: "mandatory", urn: f.urn, message: `${lambdaFreeTierLimits.description}\n${m}` })),
    );
  });

  it("fails concurrency above the limit and accepts the limit itself; memory and timeout defaults are small", async () => {
    expect((await verdicts([lambdaFreeTierLimits], [fn({ reservedConcurrentExecutions: 2 })])).map(second)).toEqual([expect.stringContaining("has reserved concurrency 2:")]);
    expect(await verdicts([lambdaFreeTierLimits], [fn({ reservedConcurrentExecutions: 0, memorySize: undefined, timeout: undefined })])).toEqual([]);
  });

  it("takes the thresholds from config", async () => {
    const f = fn({ reservedConcurrentExecutions: 5, memorySize: 1024, timeout: 120 });
    expect(await verdicts([lambdaFreeTierLimits], [f], { "lambda-free-tier-limits": { maxReservedConcurrency: 5, maxMemoryMb: 1024, maxTimeoutSeconds: 120 } })).toEqual([]);
    expect(
      (await verdicts([lambdaFreeTierLimits], [f], { "lambda-free-tier-limits": { maxReservedConcurrency: 4, maxMemoryMb: 1024, maxTimeoutSeconds: 120 } })).map(second),
    ).toEqual([expect.stringContaining("at most 4 so")]);
  });

  it("advises during preview and does not apply to other types", async () => {
    expect((await verdicts([lambdaFreeTierLimits], [fn({ memorySize: UNKNOWN })])).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", `cannot check during preview: memory size of "processor"`],
    ]);
    expect(await verdicts([lambdaFreeTierLimits], [res(T.table, "t", { memorySize: 99999 })])).toEqual([]);
  });
});

describe("lambda-arm64 (advisory)", () => {
  it("passes arm64, flags the x86_64 default", async () => {
    expect(await verdicts([lambdaArm64], [fn({})])).toEqual([]);
    const f = fn({ architectures: undefined });
    expect(await verdicts([lambdaArm64], [f])).toEqual([
      {
        policyName: "lambda-arm64",
        enforcementLevel: "advisory",
        urn: f.urn,
        message: `${lambdaArm64.description}\nLambda function "processor" runs on x86_64 (the default): set architectures: ["arm64"] (Graviton is about 20% cheaper per GB-second).`,
      },
    ]);
    expect((await verdicts([lambdaArm64], [fn({ architectures: ["x86_64"] })])).map(second)).toEqual([expect.stringContaining("runs on x86_64:")]);
    expect(await verdicts([lambdaArm64], [res(T.topic, "t")])).toEqual([]);
  });
});

describe("s3-lifecycle-expiration", () => {
  const policy = [s3LifecycleExpiration];
  const withRules = (rules: unknown[], stack = secureBucket("uploads")) =>
    stack.map((r) => (r.type === T.lifecycle && r.name.startsWith(stack[0].name) ? { ...r, props: { ...r.props, rules } } : r));

  it("passes a 30-day data bucket and a 365-day access-log bucket", async () => {
    expect(await verdicts(policy, bucketPair())).toEqual([]);
  });

  it("fails a data bucket kept 365 days, and one without lifecycle", async () => {
    const stack = withRules([{ id: "e", status: "Enabled", filter: {}, expiration: { days: 365 } }]);
    expect(await verdicts(policy, stack)).toEqual([
      {
        policyName: "s3-lifecycle-expiration",
        enforcementLevel: "mandatory",
        urn: stack[0].urn,
        message: `${s3LifecycleExpiration.description}\nS3 bucket "uploads" does not expire every object within 30 days: add an enabled rule without a filter whose expiration.days is at most 30 (the limit for data buckets).`,
      },
    ]);
    const none = secureBucket("uploads").filter((r) => r.type !== T.lifecycle);
    expect((await verdicts(policy, none)).map(second)).toEqual([
      `S3 bucket "uploads" has no lifecycle expiration, so its storage grows without bound: add an enabled rule without a filter whose expiration.days is at most 30 (the limit for data buckets).`,
    ]);
  });

  it.each([
    ["a disabled rule", { id: "e", status: "Disabled", filter: {}, expiration: { days: 30 } }],
    ["a prefix-only rule", { id: "e", status: "Enabled", filter: { prefix: "uploads/" }, expiration: { days: 30 } }],
    ["a legacy prefix", { id: "e", status: "Enabled", prefix: "uploads/", expiration: { days: 30 } }],
    ["no expiration", { id: "e", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
  ])("fails %s, which leaves objects unexpired", async (_label, rule) => {
    expect((await verdicts(policy, withRules([rule]))).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
  });

  it("accepts an empty prefix filter and inline lifecycle rules", async () => {
    expect(await verdicts(policy, withRules([{ id: "e", status: "Enabled", filter: { prefix: "" }, expiration: { days: 7 } }]))).toEqual([]);
    const [b] = secureBucket("inline");
    expect(await verdicts(policy, [{ ...b, props: { ...b.props, lifecycleRules: [{ enabled: true, expiration: { days: 30 } }] } }])).toEqual([]);
  });

  it("uses the log limit for CloudTrail buckets and takes limits from config", async () => {
    const logs = withRules([{ id: "e", status: "Enabled", filter: {}, expiration: { days: 365 } }], secureBucket("trail-logs"));
    const trail = res(T.trail, "audit", { s3BucketName: logs[0].props.bucket, kmsKeyId: KEY_ARN, enableLogFileValidation: true }, { s3BucketName: [logs[0]] });
    expect(await verdicts(policy, [...logs, trail])).toEqual([]);
    expect((await verdicts(policy, [...logs, trail], { "s3-lifecycle-expiration": { maxLogExpirationDays: 90 } })).map(second)).toEqual([
      expect.stringContaining("within 90 days"),
    ]);
  });

  it("advises when a rule or the log target is unknown during preview", async () => {
    expect((await verdicts(policy, withRules([{ id: "e", status: "Enabled", filter: {}, expiration: { days: UNKNOWN } }]))).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", `cannot check during preview: lifecycle rules of bucket "uploads"`],
    ]);
    const pair = bucketPair().map((r) => (r.type === T.logging ? { ...r, props: { ...r.props, targetBucket: UNKNOWN }, propertyDependencies: {} } : r));
    expect((await verdicts(policy, pair)).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", `cannot check during preview: whether bucket "access-logs" is an access-log bucket (its expiration limit depends on it)`],
    ]);
  });

  it("is not applicable without buckets", async () => {
    expect(await verdicts(policy, [res(T.table, "t")])).toEqual([]);
  });
});

describe("dynamodb-ttl-enabled", () => {
  it("passes TTL on, fails TTL off, advises unknown, ignores other types", async () => {
    const off = res(T.table, "off", { ttl: { attributeName: "expiresAt", enabled: false } });
    expect(await verdicts([dynamoDbTtlEnabled], [res(T.table, "on", { ttl: { attributeName: "expiresAt", enabled: true } }), off, res(T.topic, "t")])).toEqual([
      {
        policyName: "dynamodb-ttl-enabled",
        enforcementLevel: "mandatory",
        urn: off.urn,
        message: `${dynamoDbTtlEnabled.description}\nDynamoDB table "off" has no TTL: set ttl: { attributeName: "expiresAt", enabled: true } so records expire (free tier: 25 GB).`,
      },
    ]);
    expect((await verdicts([dynamoDbTtlEnabled], [res(T.table, "u", { ttl: { enabled: UNKNOWN } })])).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
  });
});

describe("dynamodb-free-tier-capacity", () => {
  const table = (name: string, props: Record<string, unknown>) => res(T.table, name, { billingMode: "PROVISIONED", ...props });

  it("passes 25/25 in total, including indexes", async () => {
    const a = table("a", { readCapacity: 10, writeCapacity: 10, globalSecondaryIndexes: [{ name: "g", readCapacity: 5, writeCapacity: 5 }] });
    const b = table("b", { readCapacity: 10, writeCapacity: 10 });
    expect(await verdicts([dynamoDbFreeTierCapacity], [a, b])).toEqual([]);
  });

  it("fails more than 25 in total across tables", async () => {
    const found = await verdicts([dynamoDbFreeTierCapacity], [table("a", { readCapacity: 20, writeCapacity: 5 }), table("b", { readCapacity: 6, writeCapacity: 5 })]);
    expect(found).toEqual([
      {
        policyName: "dynamodb-free-tier-capacity",
        enforcementLevel: "mandatory",
        urn: "",
        message: `${dynamoDbFreeTierCapacity.description}\nThe stack provisions 26 RCU and 10 WCU across its DynamoDB tables and indexes: keep the total within 25 RCU and 25 WCU (the always-free tier).`,
      },
    ]);
    expect(checkDynamoDbCapacity([table("w", { readCapacity: 1, writeCapacity: 26 })], { maxReadCapacityUnits: 25, maxWriteCapacityUnits: 25 }).map((f) => f.kind)).toEqual([
      "violation",
    ]);
  });

  it("flags on-demand as advisory inside the mandatory policy", async () => {
    const t = res(T.table, "od", { billingMode: "PAY_PER_REQUEST" });
    expect(await verdicts([dynamoDbFreeTierCapacity], [t])).toEqual([
      {
        policyName: "dynamodb-free-tier-capacity",
        enforcementLevel: "advisory",
        urn: t.urn,
        message: `DynamoDB table "od" is on-demand (PAY_PER_REQUEST), which the always-free tier does not cover: every request is billed. Use billingMode "PROVISIONED" within 25 RCU / 25 WCU for the stack.`,
      },
    ]);
  });

  it("treats a missing billingMode as provisioned, honours config, and has nothing to say without tables", async () => {
    expect(
      await verdicts([dynamoDbFreeTierCapacity], [res(T.table, "d", { readCapacity: 30, writeCapacity: 1 })], { "dynamodb-free-tier-capacity": { maxReadCapacityUnits: 30 } }),
    ).toEqual([]);
    expect((await verdicts([dynamoDbFreeTierCapacity], [res(T.table, "d", { readCapacity: 30, writeCapacity: 1 })])).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
    expect(await verdicts([dynamoDbFreeTierCapacity], [res(T.topic, "t")])).toEqual([]);
  });
});

describe("cloudwatch-alarm-count", () => {
  const alarms = (n: number) => Array.from({ length: n }, (_, i) => res(T.alarm, `alarm-${i}`, { namespace: "AWS/Lambda", metricName: "Errors" }));

  it("passes 10 alarms and fails 11; config raises the cap", async () => {
    expect(await verdicts([cloudWatchAlarmCount], alarms(10))).toEqual([]);
    expect(await verdicts([cloudWatchAlarmCount], alarms(11))).toEqual([
      {
        policyName: "cloudwatch-alarm-count",
        enforcementLevel: "mandatory",
        urn: "",
        message: `${cloudWatchAlarmCount.description}\nThe stack creates 11 CloudWatch alarms (11 metric, 0 composite): the budget is 10; remove or combine alarms (a metric-math alarm can watch several metrics).`,
      },
    ]);
    expect(await verdicts([cloudWatchAlarmCount], alarms(11), { "cloudwatch-alarm-count": { maxAlarms: 11 } })).toEqual([]);
    expect(await verdicts([cloudWatchAlarmCount], [])).toEqual([]);
  });
});

describe("paid-services-cost (advisory)", () => {
  it("lists each paid resource with its estimated monthly cost", async () => {
    const key = res(T.key, "data-key", {});
    const gd = res(T.guardDuty, "detector", { enable: true });
    const pitr = res(T.table, "images", { pointInTimeRecovery: { enabled: true } });
    expect(await verdicts([paidServicesCost], [key, gd, pitr, res(T.table, "no-pitr", {})])).toEqual([
      {
        policyName: "paid-services-cost",
        enforcementLevel: "advisory",
        urn: key.urn,
        message: `${paidServicesCost.description}\n"data-key" (KMS customer-managed key) is not free: about $1.00 a month (estimate; $1 per key-month, prorated hourly; each yearly rotation adds $1/month (capped after the second); 20,000 requests a month free). Keep it if the security policy needs it (list "kmsKey" in allowedPaidServices); tune the estimate in monthlyCostUsd.`,
      },
      {
        policyName: "paid-services-cost",
        enforcementLevel: "advisory",
        urn: gd.urn,
        message: `${paidServicesCost.description}\n"detector" (GuardDuty detector) is not free: about $4.00 a month (estimate; one small account: 30-day trial, then per analysed CloudTrail event, S3 data event and log volume). Keep it if the security policy needs it (list "guardDuty" in allowedPaidServices); tune the estimate in monthlyCostUsd.`,
      },
      {
        policyName: "paid-services-cost",
        enforcementLevel: "advisory",
        urn: pitr.urn,
        message: `${paidServicesCost.description}\n"images" (DynamoDB point-in-time recovery) is not free: about $0.20 a month (estimate; point-in-time recovery: $0.20 per GB-month of table data; assumes 1 GB of table data). Keep it if the security policy needs it (list "pointInTimeRecovery" in allowedPaidServices); tune the estimate in monthlyCostUsd.`,
      },
    ]);
  });

  it("takes estimates from config and is silent for free resources", async () => {
    const found = await verdicts([paidServicesCost], [res("aws:securityhub/account:Account", "hub", {}), res("aws:cfg/recorder:Recorder", "rec", {})], {
      "paid-services-cost": { monthlyCostUsd: { securityHub: 3.5 } },
    });
    expect(found.map(second)).toEqual([
      expect.stringContaining("(Security Hub) is not free: about $3.50 a month"),
      expect.stringContaining("(AWS Config recorder) is not free: about $2.00 a month"),
    ]);
    expect(await verdicts([paidServicesCost], [res(T.topic, "t"), ...secureBucket("b")])).toEqual([]);
  });
});
