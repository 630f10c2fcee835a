/**
 * Acknowledged findings through the pack's analyzer handlers (offline/policy-eval): a finding
 * accepted with a reason becomes an advisory that carries the reason; an acknowledgement without a
 * reason, naming no resource, or matching no finding is a mandatory violation of its own.
 */
import { resourcePolicy, stackPolicy } from "../../policy-pack/lib/define";
import { violation } from "../../policy-pack/lib/findings";
import { cloudWatchLogRetention } from "../../policy-pack/policies/observability";
import { s3PublicAccessBlock } from "../../policy-pack/policies/access";
import { formatVerdicts } from "../../offline/policy-report";
import { res, T, verdicts } from "./fixtures";

const forever = res(T.logGroup, "app-logs", { retentionInDays: 0 });
const kept = res(T.logGroup, "audit-logs", { retentionInDays: 30 });
const summary = (found: { enforcementLevel: string; policyName: string; message: string }[]) =>
  found.map((v) => `${v.enforcementLevel} ${v.policyName}: ${v.message.split("\n").pop()}`);

/** A rule whose findings carry ids (one per port), to prove that an acknowledgement accepts one id only. */
const openPorts = resourcePolicy<object>({
  name: "test-open-ports",
  description: "Test rule: every listed port is a finding.",
  fix: "Close it.",
  enforcementLevel: "mandatory",
  types: [T.lambda],
  check: (r) => ((r.props.ports as number[]) ?? []).map((p) => violation(`port ${p} is open`, undefined, String(p))),
});

/** A stack rule with one stack-wide finding (no resource). */
const stackWide = stackPolicy<object>({
  name: "test-stack-wide",
  description: "Test rule: one stack-wide finding.",
  fix: "None.",
  enforcementLevel: "mandatory",
  check: () => [violation("the stack has no budget")],
});

describe("acknowledged findings", () => {
  it("turns a resource finding acknowledged with a reason into an advisory carrying the reason, and leaves other resources judged", async () => {
    const config = { "cloudwatch-log-retention": { acknowledge: [{ resource: "app-logs", reason: "kept for the legal hold until 2027" }] } };
    const found = await verdicts([cloudWatchLogRetention], [forever, kept, res(T.logGroup, "other-logs", { retentionInDays: 0 })], config);
    expect(summary(found)).toEqual([
      `mandatory cloudwatch-log-retention: CloudWatch log group "other-logs" keeps logs forever: set retentionInDays between 30 and 365 days.`,
      `advisory cloudwatch-log-retention: acknowledged: CloudWatch log group "app-logs" keeps logs forever: set retentionInDays between 30 and 365 days. (reason: kept for the legal hold until 2027)`,
    ]);
    expect(formatVerdicts(found, [forever])).toContain(
      "Acknowledged (accepted in the pack config, with the reason):\n  ~ cloudwatch-log-retention  app-logs (aws:cloudwatch/logGroup:LogGroup)",
    );
  });

  it("accepts a resource by URN as well as by logical name", async () => {
    const found = await verdicts([cloudWatchLogRetention], [forever], { "cloudwatch-log-retention": { acknowledge: [{ resource: forever.urn, reason: "legal hold" }] } });
    expect(found.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
  });

  it("makes an acknowledgement without a reason a mandatory violation and keeps the finding", async () => {
    for (const ack of [{ resource: "app-logs" }, { resource: "app-logs", reason: "  " }]) {
      const found = await verdicts([cloudWatchLogRetention], [forever], { "cloudwatch-log-retention": { acknowledge: [ack] } });
      expect(summary(found)).toEqual([
        expect.stringMatching(/^mandatory cloudwatch-log-retention: CloudWatch log group "app-logs" keeps logs forever/),
        `mandatory cloudwatch-log-retention: acknowledgement on "app-logs" has no reason: say why the finding is accepted`,
      ]);
    }
  });

  it("makes an acknowledgement that matches no finding a mandatory violation: a compliant resource, a missing resource", async () => {
    const found = await verdicts([cloudWatchLogRetention], [kept], {
      "cloudwatch-log-retention": {
        acknowledge: [
          { resource: "audit-logs", reason: "old" },
          { resource: "gone-logs", reason: "old" },
        ],
      },
    });
    expect(summary(found)).toEqual([
      `mandatory cloudwatch-log-retention: acknowledgement on "audit-logs" matches no finding: the rule finds nothing there; remove it`,
      `mandatory cloudwatch-log-retention: acknowledgement on "gone-logs" names no resource of this stack`,
    ]);
    expect(found[0].urn).toBe(kept.urn);
  });

  it("accepts exactly the finding id named, and names the ids there when the id matches none", async () => {
    const fn = res(T.lambda, "svc", { ports: [22, 443] });
    const found = await verdicts([openPorts], [fn], { "test-open-ports": { acknowledge: [{ resource: "svc", finding: "443", reason: "the public API" }] } });
    expect(summary(found)).toEqual(["mandatory test-open-ports: port 22 is open", "advisory test-open-ports: acknowledged: port 443 is open (reason: the public API)"]);
    const wrong = await verdicts([openPorts], [fn], { "test-open-ports": { acknowledge: [{ resource: "svc", reason: "no id given" }] } });
    expect(summary(wrong)).toEqual([
      "mandatory test-open-ports: port 22 is open",
      "mandatory test-open-ports: port 443 is open",
      `mandatory test-open-ports: acknowledgement on "svc" matches no finding: the rule's findings there have ids 22, 443; remove it`,
    ]);
  });

  it("acknowledges stack-policy findings on a resource and stack-wide findings (no resource named)", async () => {
    const bucket = res(T.bucket, "site", { bucket: "site" });
    const found = await verdicts([s3PublicAccessBlock, stackWide], [bucket], {
      "s3-public-access-block": { acknowledge: [{ resource: "site", reason: "a public website, reviewed" }] },
      "test-stack-wide": { acknowledge: [{ reason: "budgets live in the billing account" }] },
    });
    expect(
      found.map((v) => [
        v.enforcementLevel,
        v.policyName,
        v.message
          .split("\n")
          .pop()!
          .replace(/ \(reason.*/, "")
          .slice(0, 40),
        v.urn,
      ]),
    ).toEqual([
      ["advisory", "s3-public-access-block", `acknowledged: S3 bucket "site" has no pu`, bucket.urn],
      ["advisory", "test-stack-wide", "acknowledged: the stack has no budget", ""],
    ]);
  });

  it("reports a config value that is not a list of acknowledgements", async () => {
    const found = await verdicts([cloudWatchLogRetention], [kept], { "cloudwatch-log-retention": { acknowledge: "app-logs" } });
    expect(summary(found)).toEqual([
      `mandatory cloudwatch-log-retention: acknowledgement on "acknowledge: \"app-logs\" (not a list)" has no reason: say why the finding is accepted`,
    ]);
  });
});
