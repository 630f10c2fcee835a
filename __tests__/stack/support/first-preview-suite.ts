/**
 * The dev and prod stacks as a first `pulumi preview` sees them (offline/preview.ts): what the
 * policy pack decides before anything exists, and exactly which checks it cannot decide yet
 * (docs/policy-pack.md lists them with the reason). A check that starts deciding, or stops, fails here.
 */
import { toPlan } from "../../../offline/plan";
import { evaluatePreview } from "../../../offline/preview";
import { previewPolicySection } from "../../../offline/preview-section";
import { runProgram, type ProgramRun } from "../../../offline/run-program";

const label = (run: ProgramRun, urn: string) => (urn === "" ? "(stack)" : run.resources.find((r) => r.urn === urn)!.name);

/** Documents naming the data key's ARN or auto-named resources; bucket policies; the key-state rules' patterns. */
const UNDECIDED = [
  ...["iam-no-wildcard-actions", "iam-no-wildcard-resources"].flatMap((policy) =>
    [
      "image-processor-boundary",
      "image-processor-policy",
      "reprocess-boundary",
      "reprocess-policy",
      "security-config-delivery-policy",
      "clients-operator-policy",
      "clients-reader-policy",
      "clients-uploader-policy",
    ].map((name) => `${policy} ${name}`),
  ),
  "key-alerts-need-trail security-audit-bucket-change",
  "key-alerts-need-trail security-kms-key-state",
  "key-alerts-need-trail security-kms-key-state-1",
  "required-alarms (stack)",
  ...["access-logs-policy", "findings-policy", "images-policy", "image-processor-failures-policy"].map((name) => `resource-policy-no-public-principal ${name}`),
  "sqs-queue-policy-denies-insecure-transport image-processor-failures",
  ...["access-logs-bucket", "findings-bucket", "images-bucket"].map((name) => `s3-bucket-policy-denies-insecure-transport ${name}`),
].sort();

/** One stack per test file: index.ts runs once per process (its module is evaluated once). */
export function firstPreviewSuite(stack: string): void {
  describe(`the ${stack} stack at a first preview`, () => {
    let run: ProgramRun;
    beforeAll(async () => {
      run = await runProgram({ stack, preview: true });
    }, 120_000);

    test("no mandatory violation among what it decides", async () => {
      const { violations } = await evaluatePreview(run);
      expect(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName)).toEqual([]);
    });

    test("undecided: exactly the checks whose values exist only after creation, all of mandatory rules", async () => {
      const { undecided } = await evaluatePreview(run);
      expect(undecided.every((u) => u.enforcementLevel === "mandatory")).toBe(true);
      expect(undecided.map((u) => `${u.policy} ${label(run, u.urn)}`).sort()).toEqual(UNDECIDED);
    });

    test("decides the key policies, the topic policies, the trail role's policy and the reprocess trust policy", async () => {
      const { undecided } = await evaluatePreview(run);
      const names = new Set(undecided.map((u) => label(run, u.urn)));
      for (const name of ["pipeline-key", "alerts-key", "security-alerts-policy", "notifications-policy", "key-alerts-policy", "security-trail-logs", "reprocess-role"]) {
        expect([name, names.has(name)]).toEqual([name, false]);
      }
    });

    test("the plan's JSON lists them as undecided[] of { policy, enforcementLevel, urn }, and fails the gate", async () => {
      const section = await previewPolicySection(toPlan(run), run, {});
      const json = section.undecided.json as { policy: string; enforcementLevel: string; urn: string }[];
      expect(Object.keys(json[0]).sort()).toEqual(["enforcementLevel", "policy", "urn"]);
      expect(json).toHaveLength(UNDECIDED.length);
      expect(section.undecided.failed).toBe(true);
      expect(section.undecided.text.split("\n")[0]).toBe(`Undecided at first preview: ${UNDECIDED.length} checks (${UNDECIDED.length} of mandatory rules, 0 of advisory rules)`);
    });
  });
}
