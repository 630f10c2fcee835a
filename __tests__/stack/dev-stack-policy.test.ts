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
  }).toEqual({ buckets: 2, encryption: 2, publicAccessBlocks: 2, bucketPolicies: 2, lifecycles: 2, logging: 1, functions: 1, topics: 3, tables: 1, keys: 2 });
  expect(resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/role:Role").length).toBeGreaterThan(0);
});

it("has zero mandatory violations", () => {
  expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
});

it("has only the paid-service advisories, each with an estimated monthly cost", () => {
  expect(violations.map((v) => `${v.policyName} ${v.urn.split("::").pop()}`).sort()).toEqual(
    ["alerts-key", "pipeline-key", "records-table", "security-config-recorder", "security-guardduty", "security-securityhub"].map((n) => `paid-services-cost ${n}`),
  );
  for (const v of violations) expect(v.message).toMatch(/is not free: about \$\d+\.\d\d a month/);
});
