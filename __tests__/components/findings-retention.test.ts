/**
 * Indefinite retention of GuardDuty findings: the data key lets only GuardDuty, for the named
 * detector of this account, generate data keys; the bucket keeps objects without expiry only by
 * declaration, keeps its built-in denies, and the pack reports it as an advisory exception (and
 * still fails an undeclared bucket without expiry). Under mocks: what the program asks AWS for.
 */
import { EncryptionKey, guardDutyExportStatements, SecureBucket } from "../../components";
import { policyOf, single } from "../../offline/records";
import { evaluatePolicies } from "../../offline/policy-eval";
import { ProgramRun, runProgram } from "../../offline/run-program";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const DETECTOR = `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`;

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      new EncryptionKey("findings", { guardDutyDetectorArns: [DETECTOR], allowCloudTrail: false, allowCloudWatchLogs: false, topicPublisherServices: [] });
      const logs = new SecureBucket("logs", {
        mode: "log",
        logWriters: [{ id: "S3ServerAccessLogs", service: "logging.s3.amazonaws.com", keyPrefix: "s3-access/", sourceArns: ["arn:aws:s3:::x"] }],
      });
      new SecureBucket("kept", {
        kmsKeyArn: KEY,
        accessLogs: { bucketName: logs.name },
        retainIndefinitely: true,
        extraPolicyStatements: (bucketArn, account) => guardDutyExportStatements(bucketArn, "guardduty/", account, DETECTOR),
      });
      return {};
    },
  });
}, 120_000);

test("the key grants GuardDuty GenerateDataKey only for this account's named detector", () => {
  const policy = policyOf(single(run, "aws:kms/key:Key", "findings-key"));
  expect(policy.Statement.map((s) => s.Sid)).toEqual(["AllowAccountAdministration", "AllowGuardDutyFindingsExport"]);
  expect(policy.Statement[1]).toEqual({
    Sid: "AllowGuardDutyFindingsExport",
    Effect: "Allow",
    Principal: { Service: "guardduty.amazonaws.com" },
    Action: "kms:GenerateDataKey",
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": [DETECTOR] } },
  });
});

test("the kept bucket: tagged, no expiry of current objects, multipart and old versions still cleaned up", () => {
  const bucket = single(run, "aws:s3/bucket:Bucket", "kept-bucket");
  expect(bucket.inputs).toEqual({ forceDestroy: false, tags: { DataRetention: "indefinite" } });
  expect(single(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "kept-lifecycle").inputs.rules).toEqual([
    { id: "abort-incomplete-multipart", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 7 } },
  ]);
});

test("the kept bucket's policy keeps the TLS and right-key denies, then lets GuardDuty write under its prefix", () => {
  const arn = `arn:aws:s3:::${String(single(run, "aws:s3/bucket:Bucket", "kept-bucket").outputs.bucket)}`;
  const policy = policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "kept-policy"));
  expect(policy.Statement.map((s) => s.Sid)).toEqual([
    "DenyInsecureTransport",
    "DenyUploadsNotUsingKms",
    "DenyUploadsWithOtherKmsKey",
    "AllowGuardDutyGetBucketLocation",
    "AllowGuardDutyWriteFindings",
  ]);
  expect(policy.Statement.slice(3)).toEqual(guardDutyExportStatements(arn, "guardduty/", ACCOUNT, DETECTOR));
});

test("the pack reports the declared exception as advisory; an undeclared bucket without expiry stays a violation", async () => {
  const lifecycle = async (resources: typeof run.resources) =>
    (await evaluatePolicies(resources)).filter((v) => v.policyName === "s3-lifecycle-expiration").map((v) => `${v.enforcementLevel} ${v.urn.split("::").pop()}`);
  expect(await lifecycle(run.resources)).toEqual(["advisory kept-bucket"]);
  // AnalyzeStack sees outputs (inputs echoed by the mocks), so both are edited.
  const untagged = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).filter(([k]) => k !== "tags"));
  const undeclared = run.resources.map((r) => (r.name === "kept-bucket" ? { ...r, inputs: untagged(r.inputs), outputs: untagged(r.outputs) } : r));
  expect(await lifecycle(undeclared)).toEqual(["mandatory kept-bucket"]);
  // The tag does not excuse a log bucket or a bucket that expires some objects too late.
  const late = [{ id: "x", status: "Enabled", filter: {}, expiration: { days: 400 } }];
  const lateRule = run.resources.map((r) => (r.name === "kept-lifecycle" ? { ...r, inputs: { ...r.inputs, rules: late }, outputs: { ...r.outputs, rules: late } } : r));
  expect(await lifecycle(lateRule)).toEqual(["mandatory kept-bucket"]);
});

test("retainIndefinitely contradicts expirationDays and log mode", () => {
  expect(() => new SecureBucket("a", { kmsKeyArn: KEY, accessLogs: { bucketName: "l" }, retainIndefinitely: true, expirationDays: 30 })).toThrow(
    "expirationDays and retainIndefinitely contradict each other",
  );
  expect(
    () =>
      new SecureBucket("b", {
        mode: "log",
        logWriters: [{ id: "A", service: "s", keyPrefix: "a/", sourceAccountOnly: true }],
        retainIndefinitely: true,
        extraPolicyStatements: () => [],
      }),
  ).toThrow(/retainIndefinitely is only for data mode[\s\S]*extraPolicyStatements is only for data mode/);
});
