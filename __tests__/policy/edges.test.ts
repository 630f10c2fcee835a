/**
 * Edge cases the per-policy suites leave open, found by mutation testing: preview unknowns for
 * each property a mandatory rule reads, joins that only the engine's property dependencies can
 * make during a preview, boundaries, and equivalent policy-document forms.
 */
import { checkAclsAndOwnership, checkPublicAccessBlock, checkWildcardActions } from "../../policy-pack/policies/access";
import { checkBucketEncryption, checkKmsKey, checkLambdaEnvironmentKey, checkTrail } from "../../policy-pack/policies/encryption";
import { checkArm64, checkDynamoDbCapacity, checkLambdaLimits, checkLifecycle, checkTtl } from "../../policy-pack/policies/free-tier";
import { checkRequiredAlarms } from "../../policy-pack/policies/observability";
import { checkBucketTls, checkTopicTls } from "../../policy-pack/policies/transport";
import { takesOnlyWildcard as isWildcardOnlyAction } from "../../policy-pack/lib/resource-patterns";
import { isPublicPrincipal, parseDocument } from "../../policy-pack/lib/policy-document";
import { joinToBucket, logTargetBuckets } from "../../policy-pack/lib/resources";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { bucket, bucketPair, res, secureBucket, T, tlsPolicyJson } from "./fixtures";

const kinds = (findings: { kind: string; message: string }[]) => findings.map((f) => `${f.kind}: ${f.message}`);
const LIMITS = { maxReservedConcurrency: 1, maxMemoryMb: 512, maxTimeoutSeconds: 60 };

describe("joins during a preview", () => {
  it("joins a configuration resource whose bucket input is unknown through its property dependency alone", () => {
    const b = bucket("uploads");
    const pab = res(T.pab, "pab", { bucket: UNKNOWN }, { bucket: [b] });
    expect(joinToBucket(pab, [bucket("other"), b])).toEqual({ kind: "joined", target: b });
    expect(joinToBucket({ ...pab, propertyDependencies: {} }, [b])).toEqual({ kind: "unknown" });
    expect(joinToBucket(res(T.pab, "p", { bucket: "nobody" }), [b])).toEqual({ kind: "none" });
    expect(joinToBucket(res(T.pab, "p", { bucket: "uploads-a1b2c3" }), [bucket("other"), b])).toEqual({ kind: "joined", target: b });
  });

  it("passes a whole secure bucket whose names are all unknown, joined by dependencies only", () => {
    const stack = secureBucket("uploads").map((r) =>
      r.type === T.bucket ? { ...r, props: { ...r.props, bucket: UNKNOWN, arn: UNKNOWN } } : { ...r, props: { ...r.props, bucket: UNKNOWN } },
    );
    expect([...checkPublicAccessBlock(stack[0], stack), ...checkAclsAndOwnership(stack[0], stack), ...checkBucketEncryption(stack[0], stack)]).toEqual([]);
  });

  it("finds access-log targets named inline on the bucket, and not a bucket that only logs elsewhere", () => {
    const logs = bucket("logs");
    const data = { ...bucket("data"), props: { ...bucket("data").props, logging: { targetBucket: "logs-a1b2c3" } } };
    expect([...logTargetBuckets([logs, data])]).toEqual([logs.urn]);
    expect([...logTargetBuckets([bucket("solo")])]).toEqual([]);
  });

  it("advises, per rule, where the joins or values cannot be known yet", () => {
    const unjoinable = (type: string) => secureBucket("uploads").map((r) => (r.type === type ? { ...r, props: { ...r.props, bucket: UNKNOWN }, propertyDependencies: {} } : r));
    expect(kinds(checkPublicAccessBlock(unjoinable(T.pab)[0], unjoinable(T.pab)))).toEqual([
      `unknown: cannot check during preview: bucket "uploads" has public access blocks whose bucket is not yet known`,
    ]);
    expect(kinds(checkBucketTls(unjoinable(T.bucketPolicy)[0], unjoinable(T.bucketPolicy)))).toEqual([
      `unknown: cannot check during preview: bucket "uploads" has bucket policies whose bucket is not yet known`,
    ]);
    expect(kinds(checkAclsAndOwnership(unjoinable(T.ownership)[0], unjoinable(T.ownership)))).toEqual([
      `unknown: cannot check during preview: object ownership of bucket "uploads"`,
    ]);
    const ownershipUnknown = secureBucket("uploads").map((r) => (r.type === T.ownership ? { ...r, props: { ...r.props, rule: { objectOwnership: UNKNOWN } } } : r));
    expect(kinds(checkAclsAndOwnership(ownershipUnknown[0], ownershipUnknown))).toEqual([`unknown: cannot check during preview: object ownership of bucket "uploads"`]);
    const sseUnknown = secureBucket("uploads").map((r) =>
      r.type === T.sse ? { ...r, props: { ...r.props, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: UNKNOWN } }] } } : r,
    );
    expect(kinds(checkBucketEncryption(sseUnknown[0], sseUnknown))).toEqual([
      `unknown: cannot check during preview: the encryption algorithm of bucket "uploads" is not yet known`,
    ]);
  });

  it("advises on an AES256 bucket while the access-log targets are unknown, and fails it once they are known", () => {
    const pair = bucketPair();
    const logs = pair.find((r) => r.name === "access-logs")!;
    const unknownTarget = pair.map((r) => (r.type === T.logging ? { ...r, props: { ...r.props, targetBucket: UNKNOWN }, propertyDependencies: {} } : r));
    expect(kinds(checkBucketEncryption(logs, unknownTarget))).toEqual([
      `unknown: cannot check during preview: bucket "access-logs" uses AES256, allowed only for an access-log target, and the log targets are not yet known`,
    ]);
    const noLogging = pair.filter((r) => r.type !== T.logging);
    expect(checkBucketEncryption(logs, noLogging).map((f) => f.kind)).toEqual(["violation"]);
    expect(checkBucketEncryption(logs, pair)).toEqual([]);
  });

  it("advises on topics whose policy or join is unknown", () => {
    const topic = res(T.topic, "alerts", { arn: "arn:aws:sns:us-east-1:123456789012:alerts" });
    expect(kinds(checkTopicTls(topic, [topic, res(T.topicPolicy, "tp", { arn: UNKNOWN, policy: "{}" })]))).toEqual([
      `unknown: cannot check during preview: topic "alerts" has topic policies whose topic is not yet known`,
    ]);
    expect(kinds(checkTopicTls(topic, [topic, res(T.topicPolicy, "tp", { arn: topic.props.arn, policy: UNKNOWN })]))).toEqual([
      `unknown: cannot check during preview: the topic policy of "alerts" is not yet known`,
    ]);
  });
});

describe("preview unknowns on single resources", () => {
  it("advises instead of passing or failing, naming the property", async () => {
    expect(kinds(checkLambdaLimits(res(T.lambda, "f", { reservedConcurrentExecutions: UNKNOWN, memorySize: 128, timeout: UNKNOWN }), LIMITS))).toEqual([
      `unknown: cannot check during preview: reserved concurrency of "f"`,
      `unknown: cannot check during preview: timeout of "f"`,
    ]);
    expect(kinds(checkArm64(res(T.lambda, "f", { architectures: UNKNOWN })))).toEqual([`unknown: cannot check during preview: architecture of "f"`]);
    expect(kinds(checkKmsKey(res(T.key, "k", { enableKeyRotation: UNKNOWN, deletionWindowInDays: UNKNOWN }), { minDeletionWindowDays: 7, maxRotationPeriodDays: 365 }))).toEqual([
      `unknown: cannot check during preview: key rotation of KMS key "k"`,
      `unknown: cannot check during preview: deletion window of KMS key "k"`,
    ]);
    expect(kinds(checkTrail(res(T.trail, "t", { kmsKeyId: UNKNOWN, enableLogFileValidation: UNKNOWN })))).toEqual([
      `unknown: cannot check during preview: log file validation of trail "t"`,
    ]);
    expect(kinds(checkTtl(res(T.table, "t", { ttl: { enabled: UNKNOWN } })))).toEqual([`unknown: cannot check during preview: TTL of table "t"`]);
    expect(kinds(await checkWildcardActions(res(T.role, "r", { inlinePolicies: UNKNOWN })))).toEqual([
      `unknown: cannot check during preview: the policy document of "r" is not yet known`,
    ]);
  });

  it("advises on an unknown billing mode or capacity and still sums what is known", () => {
    const found = checkDynamoDbCapacity(
      [res(T.table, "a", { billingMode: UNKNOWN }), res(T.table, "b", { readCapacity: UNKNOWN, writeCapacity: 5 }), res(T.table, "c", { readCapacity: 30, writeCapacity: 5 })],
      { maxReadCapacityUnits: 25, maxWriteCapacityUnits: 25 },
    );
    expect(kinds(found)).toEqual([
      `unknown: cannot check during preview: billing mode of table "a"`,
      `unknown: cannot check during preview: provisioned capacity of table "b"`,
      `violation: The stack provisions 30 RCU and 10 WCU across its DynamoDB tables and indexes: keep the total within 25 RCU and 25 WCU (the always-free tier).`,
    ]);
    expect(kinds(checkDynamoDbCapacity([res(T.table, "w", { readCapacity: 1, writeCapacity: UNKNOWN })], { maxReadCapacityUnits: 25, maxWriteCapacityUnits: 25 }))).toEqual([
      `unknown: cannot check during preview: provisioned capacity of table "w"`,
    ]);
  });

  it("treats a CMK id unknown during preview as this stack's key, and an empty one as none", () => {
    expect(checkTrail(res(T.trail, "t", { kmsKeyId: UNKNOWN, enableLogFileValidation: true }))).toEqual([]);
    expect(checkTrail(res(T.trail, "t", { kmsKeyId: "", enableLogFileValidation: true })).map((f) => f.kind)).toEqual(["violation"]);
    expect(checkLambdaEnvironmentKey(res(T.lambda, "f", { environment: { variables: { A: "1" } }, kmsKeyArn: UNKNOWN }))).toEqual([]);
    expect(checkLambdaEnvironmentKey(res(T.lambda, "f", { environment: { variables: { A: "1" } }, kmsKeyArn: "" })).map((f) => f.kind)).toEqual(["violation"]);
    expect(checkLambdaEnvironmentKey(res(T.lambda, "f", { environment: {} }))).toEqual([]);
  });
});

describe("boundaries and equivalent forms", () => {
  it("accepts a deletion window equal to the minimum and a symmetric key spec named explicitly", () => {
    expect(checkKmsKey(res(T.key, "k", { enableKeyRotation: true, deletionWindowInDays: 7 }), { minDeletionWindowDays: 7, maxRotationPeriodDays: 365 })).toEqual([]);
    expect(checkKmsKey(res(T.key, "k", { customerMasterKeySpec: "SYMMETRIC_DEFAULT" }), { minDeletionWindowDays: 7, maxRotationPeriodDays: 365 }).map((f) => f.message)).toEqual([
      `KMS key "k" does not rotate: set enableKeyRotation: true (yearly automatic rotation).`,
    ]);
  });

  it("needs arm64 alone, and reads Lambda limits at their boundaries", () => {
    expect(checkArm64(res(T.lambda, "f", { architectures: ["arm64", "x86_64"] })).map((f) => f.message)).toEqual([
      `Lambda function "f" runs on arm64, x86_64: set architectures: ["arm64"] (Graviton is about 20% cheaper per GB-second).`,
    ]);
    expect(checkLambdaLimits(res(T.lambda, "f", { reservedConcurrentExecutions: 1, memorySize: 512, timeout: 60 }), LIMITS)).toEqual([]);
    expect(checkLambdaLimits(res(T.lambda, "f", { reservedConcurrentExecutions: 1, memorySize: 513, timeout: 61 }), LIMITS).length).toBe(2);
  });

  it("finds the TLS denial among other statements, in any of several documents", () => {
    const stack = secureBucket("uploads");
    const other = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::uploads-a1b2c3/*" };
    const tls = JSON.parse(tlsPolicyJson("uploads-a1b2c3")).Statement[0];
    const mixed = stack.map((r) => (r.type === T.bucketPolicy ? { ...r, props: { ...r.props, policy: JSON.stringify({ Statement: [other, tls] }) } } : r));
    expect(checkBucketTls(mixed[0], mixed)).toEqual([]);
    const inline = { ...stack[0], props: { ...stack[0].props, policy: JSON.stringify({ Statement: [other] }) } };
    expect(checkBucketTls(inline, [inline, ...stack.slice(1)])).toEqual([]);
    const topic = res(T.topic, "t", { arn: "arn:aws:sns:us-east-1:1:t" });
    const tp = (statements: unknown[]) => res(T.topicPolicy, "tp", { arn: "arn:aws:sns:us-east-1:1:t", policy: JSON.stringify({ Statement: statements }) });
    const snsDeny = { Effect: "Deny", Principal: "*", Action: ["sns:Subscribe", "SNS:Publish"], Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
    expect(checkTopicTls(topic, [topic, tp([{ Effect: "Allow", Principal: { AWS: "x" }, Action: "sns:Publish" }, snsDeny])])).toEqual([]);
    expect(checkTopicTls(topic, [topic, tp([{ ...snsDeny, Action: "sns:*" }])])).toEqual([]);
  });

  it("reads principals and documents in all their JSON shapes", () => {
    expect([
      isPublicPrincipal({ Service: "s3.amazonaws.com", AWS: "*" }),
      isPublicPrincipal({ AWS: ["arn:aws:iam::1:root", "*"] }),
      isPublicPrincipal({ Service: "s3.amazonaws.com" }),
      isPublicPrincipal(null),
      isPublicPrincipal("arn:aws:iam::1:root"),
    ]).toEqual([true, true, false, false, false]);
    expect([parseDocument(null), parseDocument(undefined), parseDocument('"text"'), parseDocument("null"), parseDocument({ Statement: [{ Effect: "Allow" }, null] })]).toEqual([
      { kind: "absent" },
      { kind: "absent" },
      { kind: "invalid", reason: "is not a JSON object" },
      { kind: "invalid", reason: "is not a JSON object" },
      { kind: "invalid", reason: "has a Statement that is not an object" },
    ]);
  });

  it("expires every object only with a filter-less rule", () => {
    const limits = { maxDataExpirationDays: 30, maxLogExpirationDays: 365 };
    const withRules = (rules: unknown[]) => secureBucket("u").map((r) => (r.type === T.lifecycle ? { ...r, props: { ...r.props, rules } } : r));
    const verdict = (rule: Record<string, unknown>) => {
      const s = withRules([rule]);
      return checkLifecycle(s[0], s, limits).map((f) => f.kind);
    };
    const base = { id: "e", status: "Enabled", expiration: { days: 30 } };
    expect(verdict({ ...base, filter: { tag: { key: "k", value: "v" } } })).toEqual(["violation"]);
    expect(verdict({ ...base, filter: { objectSizeGreaterThan: 1000 } })).toEqual(["violation"]);
    expect(verdict({ ...base, filter: { prefix: null } })).toEqual([]);
    expect(verdict({ ...base, filter: null })).toEqual([]);
    expect(verdict({ ...base, expiration: { days: 0 } })).toEqual(["violation"]);
    expect(verdict({ ...base, status: UNKNOWN })).toEqual(["unknown"]);
    const [b] = secureBucket("inline").filter((r) => r.type === T.bucket);
    const inline = (rule: Record<string, unknown>) => {
      const x = { ...b, props: { ...b.props, lifecycleRules: [rule] } };
      return checkLifecycle(x, [x], limits).map((f) => f.kind);
    };
    expect([
      inline({ enabled: true, prefix: "logs/", expiration: { days: 1 } }),
      inline({ enabled: true, filter: { prefix: "a/" }, expiration: { days: 1 } }),
      inline({ enabled: true, filter: { tags: { a: "b" } }, expiration: { days: 1 } }),
      inline({ enabled: false, expiration: { days: 1 } }),
    ]).toEqual([["violation"], ["violation"], ["violation"], ["violation"]]);
  });

  it("matches required alarms on both namespace and metric", () => {
    const fn = res(T.lambda, "f");
    const alarm = (namespace: string, metricName: string) => res(T.alarm, `${namespace}-${metricName}`, { namespace, metricName });
    const missing = (alarms: ReturnType<typeof res>[], extra: ReturnType<typeof res>[] = []) => checkRequiredAlarms([fn, ...extra, ...alarms]).map((f) => f.message.split(":")[0]);
    expect(missing([alarm("AWS/EC2", "Errors"), alarm("AWS/Lambda", "Duration"), alarm("AWS/Lambda", "Throttles")])).toEqual(["The stack has no Lambda errors alarm"]);
    expect(missing([alarm("AWS/Lambda", "Errors"), alarm("Custom", "Throttles")])).toEqual(["The stack has no Lambda throttles alarm"]);
    const b = bucket("b");
    expect(missing([alarm("AWS/Lambda", "Errors"), alarm("AWS/Lambda", "Throttles"), alarm("AWS/EC2", "BucketSizeBytes"), alarm("AWS/S3", "NumberOfObjects")], [b])).toEqual([
      "The stack has no S3 storage alarm",
    ]);
    const key = res(T.key, "k");
    const lambdaAlarms = [alarm("AWS/Lambda", "Errors"), alarm("AWS/Lambda", "Throttles")];
    expect(missing([...lambdaAlarms, alarm("AWS/SNS", "NumberOfMessagesPublished")], [key])).toEqual(["The stack has no KMS key state changes alarm"]);
    expect(missing(lambdaAlarms, [key, res(T.eventRule, "r", { eventPattern: "not json" }), res(T.eventRule, "q", {})])).toEqual(["The stack has no KMS key state changes alarm"]);
    expect(missing(lambdaAlarms, [res(T.eventRule, "r", { eventPattern: JSON.stringify({ source: ["aws.kms"] }) })])).toEqual([]);
  });

  it("resolves IAM actions case-insensitively, and gives malformed ones no exemption", async () => {
    expect(
      await Promise.all(
        ["XRAY:PUTTRACESEGMENTS", "xray:PutTraceSegments", "xray:", ":PutTraceSegments", "*", "xray:Put?raceSegments", "xray:PutTrace.*"].map(isWildcardOnlyAction),
      ),
    ).toEqual([true, true, false, false, false, true, false]);
  });

  it("ignores encryption keys and ACL grants that are not public", () => {
    const stack = secureBucket("uploads");
    const acl = res(
      T.acl,
      "a",
      { bucket: "uploads-a1b2c3", accessControlPolicy: { grants: [{ grantee: { type: "CanonicalUser", id: "abc" }, permission: "FULL_CONTROL" }] } },
      { bucket: [stack[0]] },
    );
    expect(checkAclsAndOwnership(stack[0], [...stack, acl])).toEqual([]);
    const inlineGrant = { ...stack[0], props: { ...stack[0].props, grants: [{ uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", permissions: ["READ"] }] } };
    expect(checkAclsAndOwnership(inlineGrant, [inlineGrant, ...stack.slice(1)]).map((f) => f.kind)).toEqual(["violation"]);
  });
});
