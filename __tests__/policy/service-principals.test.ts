/**
 * resource-policy-service-source: service principals in resource policies and Lambda permissions
 * are bound to the resource or account they act for; action patterns judged by their expansion.
 */
import { expandAction, writeActionsOf } from "../../policy-pack/lib/actions";
import { checkWildcardActions } from "../../policy-pack/policies/access";
import { resourcePolicyServiceSource, unboundServices } from "../../policy-pack/policies/service-principals";
import { ACCOUNT, res, verdicts } from "./fixtures";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const KEY = "aws:kms/key:Key";
const PERMISSION = "aws:lambda/permission:Permission";
const send = (service: string | string[], condition?: Record<string, Record<string, unknown>>) => ({
  Effect: "Allow",
  Principal: { Service: service },
  Action: "sqs:SendMessage",
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});
const flagged = async (resources: ReturnType<typeof res>[]) => (await verdicts([resourcePolicyServiceSource], resources)).map((v) => [v.urn.split("::").pop(), v.enforcementLevel]);

describe("resource-policy-service-source", () => {
  it("fails a service principal with no source binding, in every resource policy type", async () => {
    const resources = [
      res(QUEUE_POLICY, "queue", { policy: doc(send("sns.amazonaws.com")) }),
      res("aws:sns/topicPolicy:TopicPolicy", "topic", { policy: doc(send(["s3.amazonaws.com", "cloudwatch.amazonaws.com"], { Bool: { "aws:SecureTransport": "true" } })) }),
      res("aws:s3/bucketPolicy:BucketPolicy", "bucket", { policy: doc({ ...send("cloudtrail.amazonaws.com"), Action: "s3:PutObject" }) }),
      res(KEY, "key", { policy: doc({ ...send(["events.amazonaws.com", "sns.amazonaws.com"]), Action: ["kms:Decrypt", "kms:GenerateDataKey*"] }) }),
      res(QUEUE_POLICY, "wild", { policy: doc(send("sns.amazonaws.com", { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:alerts" } })) }),
    ];
    expect(await flagged(resources)).toEqual(resources.map((r) => [r.name, "mandatory"]));
  });

  it("passes bound services, Deny statements, AWS principals and the documented encrypted-topic key grant", async () => {
    const resources = [
      res(QUEUE_POLICY, "arn", { policy: doc(send("sns.amazonaws.com", { ArnEquals: { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:t` } })) }),
      res(QUEUE_POLICY, "account", { policy: doc(send("events.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT } })) }),
      res(QUEUE_POLICY, "deny", { policy: doc({ ...send("sns.amazonaws.com"), Effect: "Deny" }) }),
      res(QUEUE_POLICY, "aws", { policy: doc({ ...send("x"), Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }) }),
      res(KEY, "publishers", { policy: doc({ ...send(["cloudwatch.amazonaws.com", "events.amazonaws.com"]), Action: ["kms:Decrypt", "kms:GenerateDataKey"] }) }),
      res(KEY, "logs", {
        policy: doc({
          ...send("logs.us-east-1.amazonaws.com"),
          Action: "kms:Encrypt",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` } },
        }),
      }),
      res("aws:iam/role:Role", "trust", { assumeRolePolicy: doc({ ...send("lambda.amazonaws.com"), Action: "sts:AssumeRole" }) }),
    ];
    expect(await flagged(resources)).toEqual([]);
  });

  it("keeps the encrypted-topic exemption to key policies and to publishing actions", () => {
    const publishers = { ...send(["cloudwatch.amazonaws.com", "events.amazonaws.com"]), Action: ["kms:Decrypt", "kms:GenerateDataKey"] };
    expect(unboundServices(publishers, true)).toEqual([]);
    expect(unboundServices(publishers, false)).toEqual(["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
    expect(unboundServices({ ...publishers, Action: ["kms:Decrypt", "kms:CreateGrant"] }, true)).toEqual(["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
  });

  it("fails Lambda permissions for a service with no bounded source; S3 is left to lambda-permission-s3-source", async () => {
    const bad = [
      res(PERMISSION, "sns", { action: "lambda:InvokeFunction", function: "f", principal: "sns.amazonaws.com" }),
      res(PERMISSION, "events-wild", { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com", sourceArn: "arn:aws:events:us-east-1:*:rule/x" }),
    ];
    const good = [
      res(PERMISSION, "events", { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com", sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/x` }),
      res(PERMISSION, "api", { action: "lambda:InvokeFunction", function: "f", principal: "apigateway.amazonaws.com", sourceAccount: ACCOUNT }),
      res(PERMISSION, "s3", { action: "lambda:InvokeFunction", function: "f", principal: "s3.amazonaws.com" }),
      res(PERMISSION, "account", { action: "lambda:InvokeFunction", function: "f", principal: ACCOUNT }),
    ];
    expect(await flagged([...bad, ...good])).toEqual(bad.map((r) => [r.name, "mandatory"]));
  });
});

describe("action patterns judged by their expansion", () => {
  it("expands patterns case-insensitively against the catalogue, with access levels", async () => {
    expect((await expandAction("S3:put*")).length).toBeGreaterThan(30);
    expect(await writeActionsOf("kms:*crypt*")).toEqual(expect.arrayContaining(["kms:Decrypt", "kms:Encrypt"]));
    expect(await writeActionsOf("iam:*Policy*")).toEqual(expect.arrayContaining(["iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:AttachRolePolicy"]));
    expect(await writeActionsOf("s3:GetObject*")).toEqual([]);
    expect(await writeActionsOf("logs:Describe*")).toEqual([]);
    expect(await expandAction("nosuch:*Thing")).toEqual([]);
  });

  it("fails Allow patterns that reach write actions; passes read patterns, exact actions and Deny", async () => {
    const policy = (...statements: object[]) => res("aws:iam/policy:Policy", "p", { policy: doc(...statements) });
    const messages = async (...statements: object[]) => (await checkWildcardActions(policy(...statements))).map((f) => f.message);
    expect(await messages({ Effect: "Allow", Action: ["s3:*Object*"], Resource: "arn:aws:s3:::b/*" })).toEqual([
      expect.stringMatching(/action pattern "s3:\*Object\*", which expands to \d+ write or permissions-management actions \(s3:/),
    ]);
    expect(await messages({ Effect: "Allow", Action: ["dynamodb:*Item*"], Resource: "arn:aws:dynamodb:us-east-1:1:table/t" })).toHaveLength(1);
    expect(await messages({ Effect: "Allow", Action: ["s3:GetObject*", "s3:PutObject"], Resource: "arn:aws:s3:::b/*" })).toEqual([]);
    expect(await messages({ Effect: "Deny", Action: ["iam:*Policy*"], Resource: "*" })).toEqual([]);
  });
});
