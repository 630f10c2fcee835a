/**
 * The dev stack with its components' secure options overridden through stack config, within the
 * ranges the components accept. Each override surfaces as the violation of the policy it weakens.
 * Mock-runtime proof: what the program asks for, not what AWS would accept.
 */
import { evaluatePolicies, Violation } from "../../offline/policy-eval";
import { ResourceRecord, runProgram } from "../../offline/run-program";
import { INSECURE_CONFIG } from "./variants/insecure-config";

let resources: ResourceRecord[];
let violations: Violation[];

beforeAll(async () => {
  resources = (await runProgram({ stack: "dev", config: INSECURE_CONFIG })).resources;
  violations = await evaluatePolicies(resources);
}, 120_000);

const summary = (list: Violation[], level: string) =>
  list
    .filter((v) => v.enforcementLevel === level)
    .map((v) => `${v.policyName} ${v.urn.split("::").pop()}: ${v.message.split("\n").pop()}`)
    .sort();

const OVERRIDE_VIOLATIONS = [
  `cloudwatch-log-retention image-processor-logs: CloudWatch log group "image-processor-logs" keeps logs for 400 days: set retentionInDays between 30 and 365 days.`,
  `dynamodb-point-in-time-recovery records-table: DynamoDB table "records-table" does not enable point-in-time recovery: set pointInTimeRecovery: { enabled: true }.`,
  `lambda-free-tier-limits image-processor-function: Lambda function "image-processor-function" has 1024 MB of memory: set memorySize to at most 512 (free tier: 400,000 GB-seconds a month), or raise lambda-free-tier-limits.maxMemoryMb in the pack's config in the same pull request.`,
  `lambda-free-tier-limits image-processor-function: Lambda function "image-processor-function" has a 300 s timeout: set timeout to at most 60 seconds, or raise lambda-free-tier-limits.maxTimeoutSeconds in the pack's config in the same pull request.`,
  `lambda-free-tier-limits image-processor-function: Lambda function "image-processor-function" has reserved concurrency 5: set reservedConcurrentExecutions to at most 1 so a burst of uploads cannot run past the free tier, or raise lambda-free-tier-limits.maxReservedConcurrency in the pack's config in the same pull request.`,
  `s3-lifecycle-expiration images-bucket: S3 bucket "images-bucket" does not expire every object within 30 days: add an enabled rule without a filter whose expiration.days is at most 30 (the limit for data buckets).`,
];

it("reports each weakened setting as a mandatory violation, and nothing else", () => {
  expect(summary(violations, "mandatory")).toEqual(OVERRIDE_VIOLATIONS);
});

it("flags x86_64 as advisory, and no longer reports PITR's cost", () => {
  // Besides the dev stack's own advisories (paid services, no alert subscriber, the findings bucket's declared retention):
  const devAdvisory =
    /^(paid-services-cost|alert-topic-subscribers (security-alerts|key-alerts)-topic|s3-lifecycle-expiration findings-bucket|s3-upload-malware-scan image-processor-trigger)[ :]/;
  expect(summary(violations, "advisory").filter((s) => !devAdvisory.test(s))).toEqual([
    `lambda-arm64 image-processor-function: Lambda function "image-processor-function" runs on x86_64: set architectures: ["arm64"] (Graviton is about 20% cheaper per GB-second).`,
  ]);
  expect(violations.some((v) => v.policyName === "paid-services-cost" && v.urn.endsWith("records-table"))).toBe(false);
});

// vpcIsolation is on in this variant: the ENI actions it adds are scoped to the function's subnets,
// security groups and this account's network interfaces (AWS's action data says they accept
// those ARNs), and the two Describe actions that accept only "*" pass on that data, so VPC
// isolation itself raises no finding.
it("raises no wildcard-resource finding for VPC isolation", () => {
  expect(violations.filter((v) => v.policyName === "iam-no-wildcard-resources")).toEqual([]);
  expect(resources.some((r) => r.type === "aws:lambda/function:Function" && r.inputs.vpcConfig !== undefined)).toBe(true);
});
