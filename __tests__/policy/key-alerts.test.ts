/**
 * key-alerts-need-trail: EventBridge pattern matching (every matcher form), what a trail records
 * (no selectors, basic and advanced selectors, logging off), and the rule: fails key-state rules
 * no trail feeds, passes with a working trail or a declared one, does not apply to rules that are
 * not about KMS calls, and says "cannot check" while a pattern or a selector is unknown.
 */
import { KEY_ALERT_EVENTS } from "../../components/security-baseline";
import { patternMatches } from "../../policy-pack/lib/event-pattern";
import { trailCoverage } from "../../policy-pack/lib/trail-coverage";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { checkKeyAlertsNeedTrail, KEY_WEAKENING_CALLS, keyAlertsNeedTrail, watchedCalls } from "../../policy-pack/policies/key-alerts";
import { res, verdicts } from "./fixtures";

const RULE = "aws:cloudwatch/eventRule:EventRule";
const TRAIL = "aws:cloudtrail/trail:Trail";
const event = (eventName: string) => ({ source: "aws.kms", "detail-type": "AWS API Call via CloudTrail", detail: { eventSource: "kms.amazonaws.com", eventName } });
const rule = (name: string, pattern: unknown, extra: Record<string, unknown> = {}) =>
  res(RULE, name, { eventPattern: typeof pattern === "string" ? pattern : JSON.stringify(pattern), ...extra });
const KEY_STATE = {
  source: ["aws.kms"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: { eventSource: ["kms.amazonaws.com"], eventName: ["DisableKey", "ScheduleKeyDeletion"] },
};

describe("patternMatches", () => {
  it.each([
    [{ source: ["aws.kms"] }, true],
    [{ source: ["aws.s3"] }, false],
    [{ source: [{ prefix: "aws.k" }] }, true],
    [{ source: [{ prefix: { "equals-ignore-case": "AWS.K" } }] }, true],
    [{ source: [{ suffix: ".kms" }] }, true],
    [{ source: [{ "equals-ignore-case": "AWS.KMS" }] }, true],
    [{ detail: { eventName: [{ wildcard: "*Key" }] } }, true],
    [{ detail: { eventName: [{ wildcard: "Enable*" }] } }, false],
    [{ detail: { eventName: [{ "anything-but": "DisableKey" }] } }, false],
    [{ detail: { eventName: [{ "anything-but": ["Encrypt", "Decrypt"] }] } }, true],
    [{ detail: { eventName: [{ "anything-but": { prefix: "Disable" } }] } }, false],
    [{ detail: { eventName: [{ exists: true }] } }, true],
    [{ detail: { eventName: [{ exists: false }] } }, false],
    [{ detail: { eventName: [{ numeric: [">", 0] }] } }, false],
    [{ detail: { requestParameters: { keyId: ["arn:aws:kms:us-east-1:1:key/k"] } } }, true],
    [{ "detail-type": ["KMS CMK Deletion"] }, false],
    [{ $or: [{ source: ["aws.s3"] }, { "detail-type": ["AWS API Call via CloudTrail"] }] }, true],
    [{ $or: [{ source: ["aws.s3"] }, { "detail-type": ["KMS CMK Rotation"] }] }, false],
    [{ detail: "DisableKey" }, false],
  ])("%j against DisableKey: %s", (pattern, expected) => {
    expect(patternMatches(pattern, event("DisableKey"))).toBe(expected);
  });
});

describe("trailCoverage", () => {
  const calls = ["DisableKey", "DisableKeyRotation"];
  const trail = (props: Record<string, unknown>) => res(TRAIL, "audit", { s3BucketName: "b", ...props });
  it.each([
    ["no selectors", {}, calls],
    ["logging on, explicitly", { enableLogging: true }, calls],
    ["a data-only selector with management defaults", { eventSelectors: [{ dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }] }, calls],
    ["write-only management", { eventSelectors: [{ readWriteType: "WriteOnly" }] }, calls],
    ["one working selector among two", { eventSelectors: [{ includeManagementEvents: false }, { readWriteType: "All" }] }, calls],
    [
      "advanced: management writes",
      {
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "readOnly", equals: ["false"] },
            ],
          },
        ],
      },
      calls,
    ],
    [
      "advanced: only DisableKey",
      {
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "eventName", startsWith: ["DisableKey"], notEndsWith: ["Rotation"] },
            ],
          },
        ],
      },
      ["DisableKey"],
    ],
  ])("records KMS writes: %s", (_, props, recorded) => {
    expect(trailCoverage(trail(props), calls)).toEqual({ kind: "records", calls: recorded });
  });

  it.each([
    ["logging off", { enableLogging: false }, "has logging turned off (enableLogging: false)"],
    ["management events excluded", { eventSelectors: [{ includeManagementEvents: false }] }, "excludes management events"],
    ["read-only management", { eventSelectors: [{ readWriteType: "ReadOnly" }] }, "records read-only management events"],
    ["KMS excluded", { eventSelectors: [{ excludeManagementEventSources: ["kms.amazonaws.com"] }] }, "excludes management events from kms.amazonaws.com"],
    [
      "advanced: reads only",
      {
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "readOnly", equals: ["true"] },
            ],
          },
        ],
      },
      "has advanced event selectors that select no kms.amazonaws.com management write event",
    ],
    [
      "advanced: KMS excluded",
      {
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
            ],
          },
        ],
      },
      "has advanced event selectors that select no kms.amazonaws.com management write event",
    ],
    [
      "advanced: data events",
      {
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Data"] },
              { field: "resources.type", equals: ["AWS::S3::Object"] },
            ],
          },
        ],
      },
      "has advanced event selectors that select no kms.amazonaws.com management write event",
    ],
  ])("records none: %s", (_, props, why) => {
    expect(trailCoverage(trail(props), calls)).toEqual({ kind: "records", calls: [], why });
  });

  it("cannot tell while logging or a selector is unknown", () => {
    expect(trailCoverage(trail({ enableLogging: UNKNOWN }), calls)).toEqual({ kind: "unknown", what: 'whether trail "audit" is logging' });
    expect(trailCoverage(trail({ eventSelectors: [{ readWriteType: UNKNOWN }] }), calls)).toEqual({ kind: "unknown", what: 'the event selectors of trail "audit"' });
  });
});

describe("key-alerts-need-trail", () => {
  const config = { existingTrails: [] };
  const keyState = rule("key-state", KEY_STATE);
  const messages = (findings: { message: string }[]) => findings.map((f) => f.message);

  it("watches every KMS call that weakens a key, and the program's key-state rules watch the same list", () => {
    expect(KEY_WEAKENING_CALLS).toEqual(["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "DisableKeyRotation", "DeleteImportedKeyMaterial"]);
    expect(KEY_ALERT_EVENTS).toEqual([...KEY_WEAKENING_CALLS]);
    expect(watchedCalls(rule("all", { source: ["aws.kms"], "detail-type": ["AWS API Call via CloudTrail"] }))).toEqual([...KEY_WEAKENING_CALLS]);
  });

  it("fails each key-state rule no trail feeds, naming the rule, the blind calls and why", () => {
    expect(messages(checkKeyAlertsNeedTrail([keyState], config))).toEqual([
      'Key-state alert "key-state" can never fire: it watches DisableKey, ScheduleKeyDeletion, which EventBridge only sees as CloudTrail events, and the stack has no CloudTrail trail. Keep a trail with logging on that records kms.amazonaws.com management write events (enableCloudTrail: true), or name the trail that does (an organization trail) in this policy\'s existingTrails.',
    ]);
    const readOnly = res(TRAIL, "audit", { eventSelectors: [{ readWriteType: "ReadOnly" }] });
    expect(messages(checkKeyAlertsNeedTrail([keyState, readOnly], config))[0]).toContain('and trail "audit" records read-only management events.');
    expect(checkKeyAlertsNeedTrail([keyState, readOnly], config)[0].urn).toBe(keyState.urn);
  });

  it("passes with a working trail, or one of two, or a declared existing trail", () => {
    expect(checkKeyAlertsNeedTrail([keyState, res(TRAIL, "audit", {})], config)).toEqual([]);
    expect(checkKeyAlertsNeedTrail([keyState, res(TRAIL, "off", { enableLogging: false }), res(TRAIL, "on", {})], config)).toEqual([]);
    expect(checkKeyAlertsNeedTrail([keyState], { existingTrails: ["arn:aws:cloudtrail:us-east-1:123456789012:trail/org"] })).toEqual([]);
  });

  it("fails only the calls a partial trail misses", () => {
    const onlyDisable = res(TRAIL, "audit", {
      advancedEventSelectors: [
        {
          fieldSelectors: [
            { field: "eventCategory", equals: ["Management"] },
            { field: "eventName", equals: ["DisableKey"] },
          ],
        },
      ],
    });
    expect(messages(checkKeyAlertsNeedTrail([keyState, onlyDisable], config))[0]).toContain("it watches ScheduleKeyDeletion, which");
  });

  it("does not apply to rules about other events, disabled rules or scheduled rules", () => {
    const others = [
      rule("native", { source: ["aws.kms"], "detail-type": ["KMS CMK Deletion", "KMS CMK Rotation"] }),
      rule("s3", { source: ["aws.s3"], "detail-type": ["AWS API Call via CloudTrail"] }),
      rule("reads", { ...KEY_STATE, detail: { eventName: ["Decrypt"] } }),
      rule("off", KEY_STATE, { state: "DISABLED" }),
      res(RULE, "cron", { scheduleExpression: "rate(1 hour)" }),
      rule("garbled", "{not json"),
    ];
    expect(checkKeyAlertsNeedTrail(others, config)).toEqual([]);
  });

  it("cannot check an unknown pattern or an unknown trail selector", () => {
    expect(checkKeyAlertsNeedTrail([res(RULE, "later", { eventPattern: UNKNOWN })], config)).toEqual([
      { kind: "unknown", message: 'cannot check during preview: whether EventBridge rule "later" alerts on KMS calls', urn: `${res(RULE, "later").urn}` },
    ]);
    const findings = checkKeyAlertsNeedTrail([keyState, res(TRAIL, "audit", { enableLogging: UNKNOWN })], config);
    expect(findings.map((f) => f.kind)).toEqual(["unknown"]);
  });

  it("is mandatory, and existingTrails is its config", async () => {
    expect((await verdicts([keyAlertsNeedTrail], [keyState])).map((v) => [v.policyName, v.enforcementLevel])).toEqual([["key-alerts-need-trail", "mandatory"]]);
    expect(await verdicts([keyAlertsNeedTrail], [keyState], { "key-alerts-need-trail": { existingTrails: ["org-trail"] } })).toEqual([]);
  });
});
