import { s3BucketPolicyDeniesInsecureTransport, snsTopicPolicyDeniesInsecureTransport } from "../../policy-pack/policies/transport";
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
