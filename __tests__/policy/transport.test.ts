import { s3BucketPolicyDeniesInsecureTransport, snsTopicPolicyDeniesInsecureTransport, sqsQueuePolicyDeniesInsecureTransport } from "../../policy-pack/policies/transport";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { bucketPair, KEY_ARN, res, secureBucket, T, verdicts } from "./fixtures";

const FIX = `add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }`;

describe("s3-bucket-policy-denies-insecure-transport", () => {
  const policy = [s3BucketPolicyDeniesInsecureTransport];
  const withPolicy = (statement: Record<string, unknown>) =>
    secureBucket("uploads").map((r) =>
      r.type === T.bucketPolicy ? { ...r, props: { ...r.props, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) } } : r,
    );
  const deny = {
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: ["arn:aws:s3:::uploads-a1b2c3", "arn:aws:s3:::uploads-a1b2c3/*"],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };

  it("passes every bucket whose joined policy denies non-TLS requests", async () => {
    expect(await verdicts(policy, bucketPair())).toEqual([]);
  });

  it("fails a bucket without a bucket policy", async () => {
    const stack = secureBucket("uploads").filter((r) => r.type !== T.bucketPolicy);
    expect(await verdicts(policy, stack)).toEqual([
      {
        policyName: "s3-bucket-policy-denies-insecure-transport",
        enforcementLevel: "mandatory",
        urn: stack[0].urn,
        message: `${s3BucketPolicyDeniesInsecureTransport.description}\nS3 bucket "uploads" has no bucket policy denying requests without TLS: ${FIX}.`,
      },
    ]);
  });

  it.each([
    ["an Allow", { ...deny, Effect: "Allow" }],
    ["a named principal", { ...deny, Principal: { AWS: "arn:aws:iam::123456789012:root" } }],
    ["SecureTransport true", { ...deny, Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    ["objects only", { ...deny, Resource: "arn:aws:s3:::uploads-a1b2c3/*" }],
    ["the bucket only", { ...deny, Resource: "arn:aws:s3:::uploads-a1b2c3" }],
    ["another service's actions", { ...deny, Action: "sns:*" }],
  ])("fails a policy whose TLS statement has %s", async (_label, statement) => {
    const found = await verdicts(policy, withPolicy(statement));
    expect(found.map((v) => v.message.split("\n")[1])).toEqual([
      `The bucket policy of S3 bucket "uploads" does not deny requests without TLS for the bucket and its objects: ${FIX}.`,
    ]);
  });

  it.each([
    ["Principal {AWS: *}", { ...deny, Principal: { AWS: "*" } }],
    ["Action *", { ...deny, Action: "*" }],
    ["a boolean condition value", { ...deny, Condition: { Bool: { "aws:SecureTransport": false } } }],
  ])("accepts the equivalent form %s", async (_label, statement) => {
    expect(await verdicts(policy, withPolicy(statement))).toEqual([]);
  });

  it("fails malformed JSON, and gives the preview advisory for an unknown policy", async () => {
    const broken = secureBucket("uploads").map((r) => (r.type === T.bucketPolicy ? { ...r, props: { ...r.props, policy: "{not json" } } : r));
    expect((await verdicts(policy, broken)).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
    const unknown = secureBucket("uploads").map((r) => (r.type === T.bucketPolicy ? { ...r, props: { ...r.props, policy: UNKNOWN } } : r));
    expect(await verdicts(policy, unknown)).toEqual([
      {
        policyName: "s3-bucket-policy-denies-insecure-transport",
        enforcementLevel: "advisory",
        urn: unknown[0].urn,
        message: `cannot check during preview: the bucket policy of "uploads" is not yet known`,
      },
    ]);
  });

  it("is not applicable without buckets", async () => {
    expect(await verdicts(policy, [res(T.topic, "t", {})])).toEqual([]);
  });
});

describe("sns-topic-policy-denies-insecure-transport (advisory)", () => {
  const topicArn = "arn:aws:sns:us-east-1:123456789012:alerts";
  const topic = res(T.topic, "alerts", { arn: topicArn, kmsMasterKeyId: KEY_ARN });
  const topicPolicy = (statement: Record<string, unknown>) =>
    res(T.topicPolicy, "alerts-policy", { arn: topicArn, policy: JSON.stringify({ Statement: [statement] }) }, { arn: [topic] });
  const deny = { Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } };

  it("passes a topic whose policy denies publishing without TLS", async () => {
    expect(await verdicts([snsTopicPolicyDeniesInsecureTransport], [topic, topicPolicy(deny)])).toEqual([]);
  });

  it("flags a topic without a topic policy, and one whose policy does not deny", async () => {
    expect(await verdicts([snsTopicPolicyDeniesInsecureTransport], [topic])).toEqual([
      {
        policyName: "sns-topic-policy-denies-insecure-transport",
        enforcementLevel: "advisory",
        urn: topic.urn,
        message: `${snsTopicPolicyDeniesInsecureTransport.description}\nSNS topic "alerts" has no topic policy denying publishing without TLS: add a statement { Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } }.`,
      },
    ]);
    const found = await verdicts([snsTopicPolicyDeniesInsecureTransport], [topic, topicPolicy({ ...deny, Action: "sns:Subscribe" })]);
    expect(found.map((v) => v.message.split("\n")[1])).toEqual([expect.stringMatching(/^The topic policy of SNS topic "alerts" does not deny publishing without TLS/)]);
  });

  it("joins by ARN without dependencies, and reads an inline topic policy", async () => {
    const byArn = { ...topicPolicy(deny), propertyDependencies: {} };
    expect(await verdicts([snsTopicPolicyDeniesInsecureTransport], [topic, byArn])).toEqual([]);
    const inline = res(T.topic, "inline", { arn: "arn:aws:sns:us-east-1:123456789012:inline", policy: JSON.stringify({ Statement: [deny] }) });
    expect(await verdicts([snsTopicPolicyDeniesInsecureTransport], [inline])).toEqual([]);
  });

  it("is not applicable without topics", async () => {
    expect(await verdicts([snsTopicPolicyDeniesInsecureTransport], [res(T.table, "t", {})])).toEqual([]);
  });
});

describe("sqs-queue-policy-denies-insecure-transport", () => {
  const policy = [sqsQueuePolicyDeniesInsecureTransport];
  const url = "https://sqs.us-east-1.amazonaws.com/123456789012/failures-a1b2c3";
  const queueArn = "arn:aws:sqs:us-east-1:123456789012:failures-a1b2c3";
  const queue = res(T.queue, "failures", { id: url, url, arn: queueArn, kmsMasterKeyId: KEY_ARN });
  const queuePolicy = (statement: Record<string, unknown>, props: Record<string, unknown> = { queueUrl: url }) =>
    res(T.queuePolicy, "failures-policy", { ...props, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }, { queueUrl: [queue] });
  const deny = { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } };
  const FIX_Q = `add a queue policy with { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } }`;

  it("passes a queue whose policy denies requests without TLS, joined by dependency or by URL", async () => {
    expect(await verdicts(policy, [queue, queuePolicy(deny)])).toEqual([]);
    expect(await verdicts(policy, [queue, { ...queuePolicy(deny), propertyDependencies: {} }])).toEqual([]);
    expect(await verdicts(policy, [queue, queuePolicy({ ...deny, Action: ["sqs:SendMessage", "sqs:ReceiveMessage"] })])).toEqual([]);
  });

  it("fails a queue without a queue policy (mandatory), naming the fix", async () => {
    expect(await verdicts(policy, [queue])).toEqual([
      {
        policyName: "sqs-queue-policy-denies-insecure-transport",
        enforcementLevel: "mandatory",
        urn: queue.urn,
        message: `${sqsQueuePolicyDeniesInsecureTransport.description}\nSQS queue "failures" has no queue policy denying requests without TLS: ${FIX_Q}.`,
      },
    ]);
  });

  it.each([
    ["an Allow", { ...deny, Effect: "Allow" }],
    ["a named principal", { ...deny, Principal: { AWS: "arn:aws:iam::123456789012:root" } }],
    ["SecureTransport true", { ...deny, Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    ["only SendMessage", { ...deny, Action: "sqs:SendMessage" }],
    ["only ReceiveMessage", { ...deny, Action: "sqs:ReceiveMessage" }],
    ["another service's actions", { ...deny, Action: "sns:*" }],
  ])("fails a queue policy whose TLS statement has %s", async (_label, statement) => {
    const found = await verdicts(policy, [queue, queuePolicy(statement)]);
    expect(found.map((v) => [v.enforcementLevel, v.message.split("\n")[1]])).toEqual([
      ["mandatory", `The queue policy of SQS queue "failures" does not deny sending and receiving without TLS: ${FIX_Q}.`],
    ]);
  });

  it("gives the preview advisory while the policy or its queue is unknown", async () => {
    expect(
      (
        await verdicts(
          policy,
          [queue, queuePolicy(deny, { queueUrl: url, policy: UNKNOWN })].map((r) => (r.type === T.queuePolicy ? { ...r, props: { ...r.props, policy: UNKNOWN } } : r)),
        )
      ).map((v) => v.enforcementLevel),
    ).toEqual(["advisory"]);
    const unjoinable = { ...queuePolicy(deny, { queueUrl: UNKNOWN }), propertyDependencies: {} };
    expect((await verdicts(policy, [queue, unjoinable])).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", 'cannot check during preview: queue "failures" has queue policies whose queue is not yet known'],
    ]);
  });

  it("is not applicable without queues", async () => {
    expect(await verdicts(policy, [res(T.topic, "t", {})])).toEqual([]);
  });
});
