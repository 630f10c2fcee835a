import { configurePolicies, evaluatePolicies } from "../../offline/policy-eval";
import { cloudWatchLogRetention } from "../../policy-pack/policies/observability";
import { policies } from "../../policy-pack/policies";
import { res, T, planned } from "./fixtures";

describe("offline evaluation", () => {
  it("rejects config for policies the pack does not have, naming them", () => {
    expect(() => configurePolicies(policies, { "no-such-policy": "disabled", "cloudwatch-log-retention": "advisory" })).toThrow(
      `Policy config names unknown policies: no-such-policy (known: ${policies.map((p) => p.name).join(", ")})`,
    );
  });

  it("leaves unconfigured policies untouched and applies levels and properties to configured ones", async () => {
    const [configured, untouched] = configurePolicies([cloudWatchLogRetention, policies[0]], {
      "cloudwatch-log-retention": { enforcementLevel: "advisory", allowedRetentionDays: [7] },
    });
    expect(untouched).toBe(policies[0]);
    expect(configured.enforcementLevel).toBe("advisory");
    const group = res(T.logGroup, "g", { retentionInDays: 30 });
    const found = await evaluatePolicies([planned(group)], { policies: [configured] });
    expect(found.map((v) => [v.enforcementLevel, v.message.split("\n")[1]])).toEqual([["advisory", `CloudWatch log group "g" keeps logs for 30 days: set retentionInDays to 7.`]]);
  });

  it("lists mandatory verdicts before advisory ones, across Analyze and AnalyzeStack", async () => {
    const found = await evaluatePolicies([planned(res(T.lambda, "f", { architectures: ["x86_64"], reservedConcurrentExecutions: 1 })), planned(res(T.logGroup, "g", {}))]);
    expect(found.map((v) => `${v.enforcementLevel} ${v.policyName}`)).toEqual([
      "mandatory cloudwatch-log-retention",
      "mandatory required-alarms",
      "mandatory required-alarms",
      "advisory lambda-arm64",
    ]);
  });
});
