import { alertTopicSubscribers } from "../../policy-pack/policies/observability";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { res, T, verdicts } from "./fixtures";

const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const ARN = "arn:aws:sns:us-east-1:123456789012:security-alerts-1a2b3c";

const topic = res(T.topic, "security-alerts-topic", { arn: ARN });
const other = res(T.topic, "notifications-topic", { arn: "arn:aws:sns:us-east-1:123456789012:notifications-9f8e7d" });
const alarm = res(T.alarm, "errors", { alarmActions: [ARN] }, { alarmActions: [topic] });
const target = res(TARGET, "kms-alert", { arn: ARN }, { arn: [topic] });
const sub = (topicRef: typeof topic, props: Record<string, unknown> = { topic: topicRef.props.arn, protocol: "email" }) =>
  res(SUBSCRIPTION, `sub-${topicRef.name}`, props, { topic: [topicRef] });
const messages = async (resources: ReturnType<typeof res>[], config?: Parameters<typeof verdicts>[2]) =>
  (await verdicts([alertTopicSubscribers], resources, config)).map((v) => `${v.enforcementLevel} ${v.message.split("\n").pop()}`);

describe("alert-topic-subscribers", () => {
  it("passes an alert topic with a subscription", async () => {
    expect(await messages([topic, alarm, target, sub(topic)])).toEqual([]);
  });

  it("advises when no one subscribes to a topic that alarms or rules notify, found by dependency or by ARN", async () => {
    const expected = `advisory No one is subscribed to alert topic "security-alerts-topic": its alarms and security alerts reach nobody. Set securityAlertEmails (and criticalAlertEmails for Critical alerts), or subscribe an on-call endpoint.`;
    expect(await messages([topic, alarm])).toEqual([expected]);
    expect(await messages([topic, res(TARGET, "by-arn", { arn: ARN })])).toEqual([expected]);
    // A subscription to another topic does not count.
    expect(await messages([topic, other, alarm, sub(other)])).toEqual([expected]);
  });

  it("is not about topics no alert uses, or stacks without topics", async () => {
    expect(await messages([other])).toEqual([]);
    expect(await messages([res(T.lambda, "f")])).toEqual([]);
  });

  it("cannot check a subscription whose topic is not yet known, and says so", async () => {
    const pending = res(SUBSCRIPTION, "pending", { topic: UNKNOWN });
    expect(await messages([topic, alarm, pending])).toEqual([`advisory cannot check during preview: whether anyone subscribes to alert topic "security-alerts-topic"`]);
  });

  it("is mandatory with the production policy-pack config", async () => {
    const prod = (await import("../../policy-pack/config/prod.json")).default as Record<string, "mandatory">;
    const level = prod["alert-topic-subscribers"];
    expect(level).toBe("mandatory");
    expect((await messages([topic, alarm], { "alert-topic-subscribers": level }))[0]).toMatch(/^mandatory No one is subscribed/);
  });
});
