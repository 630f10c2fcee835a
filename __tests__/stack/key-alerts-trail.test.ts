/**
 * The dev stack with CloudTrail off: its key-state alerts could never fire, and the pack's
 * key-alerts-need-trail says so for each of them (mandatory); an existing trail declared in the
 * pack's config lifts it. Mock-runtime proof: what the program asks for.
 */
import { evaluatePolicies, Violation } from "../../offline/policy-eval";
import { ResourceRecord, runProgram } from "../../offline/run-program";

let resources: ResourceRecord[];
beforeAll(async () => {
  resources = (await runProgram({ stack: "dev", config: { enableCloudTrail: false } })).resources;
}, 120_000);

const named = (violations: Violation[]) =>
  violations
    .filter((v) => v.policyName === "key-alerts-need-trail")
    .map((v) => [v.enforcementLevel, v.urn.split("::").pop(), v.message.split("\n").pop()])
    .sort();

const blind = (rule: string) =>
  `Key-state alert "${rule}" can never fire: it watches DisableKey, ScheduleKeyDeletion, PutKeyPolicy, DisableKeyRotation, DeleteImportedKeyMaterial, which EventBridge only sees as CloudTrail events, and the stack has no CloudTrail trail. Keep a trail with logging on that records kms.amazonaws.com management write events (enableCloudTrail: true), or name the trail that does (an organization trail) in this policy's existingTrails.`;

test("enableCloudTrail=false blinds both key-state alerts: one mandatory verdict naming each", async () => {
  expect(named(await evaluatePolicies(resources))).toEqual([
    ["mandatory", "security-kms-key-state", blind("security-kms-key-state")],
    ["mandatory", "security-kms-key-state-1", blind("security-kms-key-state-1")],
  ]);
});

test("an organization trail declared in existingTrails lifts it", async () => {
  const config = { "key-alerts-need-trail": { existingTrails: ["arn:aws:cloudtrail:us-east-1:123456789012:trail/organization"] } };
  expect(named(await evaluatePolicies(resources, { config }))).toEqual([]);
});
