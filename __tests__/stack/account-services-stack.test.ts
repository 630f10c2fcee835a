/**
 * The account-level services never gate the pipeline. On the planned dev stack, no dependency path
 * (the URNs the SDK sends the engine: `dependsOn` and every input's resources) leads from the data
 * key, or from anything of the pipeline encrypted under it, to the GuardDuty detector, the Security
 * Hub account or the Config recorder; with all three "existing", the stack creates none of them, is
 * as clean under the pack, and routes alerts exactly as before. Limit: the engine's own ordering
 * (a child after its parent's registration) is not a dependency and is not modelled.
 */
import { evaluatePolicies } from "../../offline/policy-eval";
import { runProgram, type ProgramRun, type ResourceRecord } from "../../offline/run-program";
import { loadDevStack } from "./support/dev-stack";

const ACCOUNT_SERVICES = ["aws:guardduty/detector:Detector", "aws:securityhub/account:Account", "aws:cfg/recorder:Recorder"];
const ACCOUNT_PART = "secure-image-pipeline:security:AccountSecurityBaseline";
const ROUTES = [
  "aws:cloudwatch/eventRule:EventRule",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:sns/topicSubscription:TopicSubscription",
];

/** Every resource reachable from `start` along dependencies. */
function reachable(run: ProgramRun, start: ResourceRecord): ResourceRecord[] {
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const seen = new Set<string>();
  const queue = [start.urn];
  while (queue.length > 0) {
    const urn = queue.pop()!;
    const r = byUrn.get(urn);
    if (!r) continue;
    for (const next of [...r.dependencies, ...Object.values(r.propertyDependencies).flat()]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen].map((urn) => byUrn.get(urn)).filter((r): r is ResourceRecord => r !== undefined);
}

/** The data key and the pipeline's resources encrypted under it (its inputs name the key); the account part's own export is GuardDuty's. */
function underDataKey(run: ProgramRun): ResourceRecord[] {
  const key = run.resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "pipeline-key")!;
  const accountPart = new Set(run.resources.filter((r) => r.type === ACCOUNT_PART).map((r) => r.urn));
  const encrypted = run.resources.filter((r) => !accountPart.has(r.parent ?? "") && Object.values(r.propertyDependencies).some((urns) => urns.includes(key.urn)));
  return [key, ...encrypted];
}

const routesOf = (run: ProgramRun) =>
  Object.fromEntries(
    run.resources
      .filter((r) => ROUTES.includes(r.type))
      .map((r) => [`${r.type} ${r.name}`, r.inputs])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );

let dev: ProgramRun;
let existing: ProgramRun;
beforeAll(async () => {
  dev = await loadDevStack();
  existing = await runProgram({ stack: "dev", config: { guardDutyDetector: "existing", securityHubAccount: "existing", configRecorder: "existing" } });
}, 120_000);

describe("the dev stack's data key waits on no account-level service", () => {
  test("the key and what it encrypts are many resources: the check covers the pipeline", () => {
    expect(underDataKey(dev).map((r) => r.name)).toEqual(
      expect.arrayContaining(["pipeline-key", "images-encryption", "image-processor-function", "notifications-topic", "security-trail"]),
    );
  });

  test.each(ACCOUNT_SERVICES)("no path from the data key or anything under it to %s", (type) => {
    expect(dev.resources.filter((r) => r.type === type)).toHaveLength(1);
    const offending = underDataKey(dev).filter((start) => reachable(dev, start).some((r) => r.type === type));
    expect(offending.map((r) => r.name)).toEqual([]);
  });
});

describe("with GuardDuty, Security Hub and the Config recorder all existing", () => {
  test("the stack creates none of them", () => {
    expect(existing.resources.filter((r) => ACCOUNT_SERVICES.includes(r.type)).map((r) => r.name)).toEqual([]);
  });

  test("it still exports findings, on the account's detector, under the data key", () => {
    const destination = existing.resources.find((r) => r.type === "aws:guardduty/publishingDestination:PublishingDestination")!;
    expect(destination.inputs.detectorId).toMatch(/^[0-9a-f]{32}$/);
    expect(destination.inputs.kmsKeyArn).toBe(dev.resources.find((r) => r.name === "pipeline-key")!.outputs.arn);
  });

  test("0 mandatory violations", async () => {
    const violations = await evaluatePolicies(existing.resources);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn}`)).toEqual([]);
  });

  test("the same alert routes: rules, targets, alarms and subscriptions as on the dev stack", () => {
    expect(routesOf(existing)).toEqual(routesOf(dev));
  });
});
