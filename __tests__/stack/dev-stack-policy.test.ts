/**
 * The whole dev stack, as index.ts builds it under the offline mock runtime, against the whole
 * pack through the analyzer handlers. Proves what the program asks for complies; not that AWS
 * accepts it (the moto suite goes further).
 */
import { evaluatePolicies, Violation } from "../../offline/policy-eval";
import type { ResourceRecord } from "../../offline/run-program";
import { loadDevStack } from "./support/dev-stack";

let violations: Violation[];
let resources: ResourceRecord[];

beforeAll(async () => {
  resources = (await loadDevStack()).resources;
  violations = await evaluatePolicies(resources);
}, 120_000);

it("has the resources the policies are about (so a clean verdict means something)", () => {
  const count = (type: string) => resources.filter((r) => r.type === type).length;
  expect({
    buckets: count("aws:s3/bucket:Bucket"),
    encryption: count("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
    publicAccessBlocks: count("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"),
    bucketPolicies: count("aws:s3/bucketPolicy:BucketPolicy"),
    lifecycles: count("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"),
    logging: count("aws:s3/bucketLogging:BucketLogging"),
    functions: count("aws:lambda/function:Function"),
    topics: count("aws:sns/topic:Topic"),
    tables: count("aws:dynamodb/table:Table"),
    keys: count("aws:kms/key:Key"),
  }).toEqual({ buckets: 3, encryption: 3, publicAccessBlocks: 3, bucketPolicies: 3, lifecycles: 3, logging: 2, functions: 1, topics: 3, tables: 1, keys: 2 });
  expect(resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/role:Role").length).toBeGreaterThan(0);
});

it("has zero mandatory violations", () => {
  expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
});

it("has the paid-service advisories, each with an estimated monthly cost, the findings bucket's declared retention, no alert subscriber and uploads unscanned", () => {
  expect(violations.map((v) => `${v.policyName} ${v.urn.split("::").pop()}`).sort()).toEqual([
    "alert-topic-subscribers key-alerts-topic",
    "alert-topic-subscribers security-alerts-topic",
    ...["alerts-key", "pipeline-key", "records-table", "security-config-recorder", "security-guardduty", "security-securityhub"].map((n) => `paid-services-cost ${n}`),
    "s3-lifecycle-expiration findings-bucket",
    // malwareScan is off on the dev stack (it is billed per GB scanned).
    "s3-upload-malware-scan image-processor-trigger",
  ]);
  for (const v of violations.filter((x) => x.policyName === "paid-services-cost")) expect(v.message).toMatch(/is not free: about \$\d+\.\d\d a month/);
  expect(violations.every((v) => v.enforcementLevel === "advisory")).toBe(true);
});

it("stays within the free tier's 10 alarms, each naming its severity", () => {
  const alarms = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
  expect(alarms.map((a) => `${a.name} ${String(a.inputs.alarmDescription).split(":")[0]}`).sort()).toEqual([
    "image-processor-dropped-events High",
    "image-processor-errors High",
    "image-processor-event-age Medium",
    "image-processor-failed-uploads High",
    "image-processor-throttles Low",
    "security-storage Medium",
  ]);
});
