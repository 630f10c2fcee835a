/** AlertTopic under mocks: proves the topic policy requested, not how SNS evaluates it. */
import { AlertTopic } from "../../components";
import { TOPIC_OWNER_ACTIONS } from "../../components/alert-topic";
import { ofType, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";
import { allowCloudWatchAlarmsToPublish, denyInsecureTransport } from "../support/expected-statements";

const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/processor-dev-role`;

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      const ops = new AlertTopic("ops", {
        kmsKeyArn: KEY,
        publisherArns: [ROLE],
        publisherServices: ["cloudwatch.amazonaws.com"],
        emailSubscriptions: ["a@example.com", "b@example.com"],
      });
      const quiet = new AlertTopic("quiet", { kmsKeyArn: KEY, publisherServices: ["events.amazonaws.com"] });
      return { ops: ops.arn, quiet: quiet.arn };
    },
  });
}, 120_000);

const arnOf = (name: string) => single(run, "aws:sns/topic:Topic", `${name}-topic`).outputs.arn as string;

test("the topic is encrypted with the CMK", () => {
  // Named up front (`<name>-topic-<stack>`), so the topic policy is built from the name.
  expect(single(run, "aws:sns/topic:Topic", "ops-topic").inputs).toEqual({ name: "ops-topic-dev", kmsMasterKeyId: KEY });
});

test("policy: owner-only management, TLS only, and Publish only for the named role and this account's alarms", () => {
  const arn = arnOf("ops");
  expect(policyOf(single(run, "aws:sns/topicPolicy:TopicPolicy", "ops-policy"))).toEqual({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AllowOwnerManagement", Effect: "Allow", Principal: { AWS: ROOT }, Action: TOPIC_OWNER_ACTIONS, Resource: arn },
      denyInsecureTransport(arn, "sns:Publish"),
      {
        Sid: "AllowNamedRolesToPublish",
        Effect: "Allow",
        Principal: { AWS: ROOT },
        Action: "sns:Publish",
        Resource: arn,
        Condition: { ArnEquals: { "aws:PrincipalArn": [ROLE] } },
      },
      allowCloudWatchAlarmsToPublish(arn, ACCOUNT),
      {
        Sid: "DenyPublishByOtherPrincipals",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: arn,
        Condition: { Bool: { "aws:PrincipalIsAWSService": "false" }, ArnNotEquals: { "aws:PrincipalArn": [ROLE] } },
      },
    ],
  });
  expect(TOPIC_OWNER_ACTIONS).not.toContain("sns:Publish");
});

test("email subscriptions come from the arguments, one per address", () => {
  expect(ofType(run, "aws:sns/topicSubscription:TopicSubscription").map((s) => [s.name, s.inputs])).toEqual([
    ["ops-email-0", { topic: arnOf("ops"), protocol: "email", endpoint: "a@example.com" }],
    ["ops-email-1", { topic: arnOf("ops"), protocol: "email", endpoint: "b@example.com" }],
  ]);
});

test("a service-only topic denies every IAM principal's Publish", () => {
  expect(policyOf(single(run, "aws:sns/topicPolicy:TopicPolicy", "quiet-policy")).Statement.at(-1)).toEqual({
    Sid: "DenyPublishByOtherPrincipals",
    Effect: "Deny",
    Principal: "*",
    Action: "sns:Publish",
    Resource: arnOf("quiet"),
    Condition: { Bool: { "aws:PrincipalIsAWSService": "false" } },
  });
  expect(arnOf("quiet")).not.toBe(arnOf("ops"));
});

test("no publishers, no key and a bad address are reported together", () => {
  expect(() => new AlertTopic("bad", { kmsKeyArn: undefined as unknown as string, emailSubscriptions: ["not-an-email"] })).toThrow(
    'AlertTopic: invalid arguments:\n- kmsKeyArn is required: topics are encrypted with the customer-managed key\n- name at least one publisher (publisherArns or publisherServices)\n- emailSubscriptions: "not-an-email" is not an email address',
  );
});
