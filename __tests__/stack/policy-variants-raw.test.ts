/**
 * The dev stack plus raw resources that bypass the hardened components (and one component with a
 * secure default overridden): each broken resource is caught by the policy it breaks, and nothing
 * else is. Mock-runtime proof: what the program asks for, not what AWS would accept.
 */
import { evaluatePolicies, Violation } from "../../offline/policy-eval";
import { runProgram } from "../../offline/run-program";
import { RAW_NAMES as N, rawAdditionsProgram } from "./variants/raw-additions";

let violations: Violation[];

beforeAll(async () => {
  const run = await runProgram({ stack: "dev", program: rawAdditionsProgram });
  violations = await evaluatePolicies(run.resources);
}, 120_000);

const triples = (level: string) =>
  violations
    .filter((v) => v.enforcementLevel === level)
    .map((v) => `${v.policyName} ${v.urn.split("::").pop()}`)
    .sort();

it("reports exactly the mandatory violation each raw resource or override carries", () => {
  expect(triples("mandatory")).toEqual(
    [
      `cloudwatch-log-retention ${N.foreverLogs}`,
      `dynamodb-point-in-time-recovery ${N.onDemandTable}`,
      `iam-no-admin-managed-policies ${N.adminAttachment}`,
      `iam-no-wildcard-actions ${N.wildcardPolicy}`,
      `iam-no-wildcard-resources ${N.wildcardPolicy}`,
      `kms-key-rotation-and-deletion-window ${N.unrotatedKey}`,
      `lambda-permission-s3-source ${N.openPermission}`,
      `resource-policy-no-public-principal ${N.publicTopicPolicy}`,
      `s3-bucket-policy-denies-insecure-transport ${N.bareBucket}`,
      `s3-bucket-sse-kms-cmk ${N.bareBucket}`,
      `s3-lifecycle-expiration ${N.bareBucket}`,
      `s3-lifecycle-expiration ${N.longLivedData}-bucket`,
      `s3-no-public-acl-ownership-enforced ${N.bareBucket}`,
      `s3-public-access-block ${N.bareBucket}`,
      `sns-topic-cmk ${N.plainTopic}`,
    ].sort(),
  );
});

it("adds the advisories for the on-demand table, the topic without a TLS policy, the unversioned bare bucket and the extra key", () => {
  expect(triples("advisory")).toEqual(
    [
      `dynamodb-free-tier-capacity ${N.onDemandTable}`,
      `s3-data-bucket-versioning ${N.bareBucket}`,
      `sns-topic-policy-denies-insecure-transport ${N.plainTopic}`,
      `paid-services-cost ${N.unrotatedKey}`,
      // The dev stack's own advisories: nobody subscribed, the findings bucket's declared retention.
      "alert-topic-subscribers key-alerts-topic",
      "alert-topic-subscribers security-alerts-topic",
      "s3-lifecycle-expiration findings-bucket",
      "s3-upload-malware-scan image-processor-trigger",
      "paid-services-cost alerts-key",
      "paid-services-cost pipeline-key",
      "paid-services-cost records-table",
      "paid-services-cost security-config-recorder",
      "paid-services-cost security-guardduty",
      "paid-services-cost security-securityhub",
    ].sort(),
  );
});

it("says which prefix-less expiry the overridden component lacks", () => {
  const [lifecycle] = violations.filter((v) => v.policyName === "s3-lifecycle-expiration" && v.urn.endsWith(`${N.longLivedData}-bucket`));
  expect(lifecycle.message.split("\n")[1]).toBe(
    `S3 bucket "${N.longLivedData}-bucket" does not expire every object within 30 days: add an enabled rule without a filter whose expiration.days is at most 30 (the limit for data buckets).`,
  );
});
