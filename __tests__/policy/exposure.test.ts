/**
 * Exposure rules: public resource-based policies of every service, grants that are not policy
 * documents, KMS key policies and grants, and admin ports open to the internet. Each is proven with
 * what passes and what fails, through the pack's analyzer handlers where the level matters.
 */
import {
  checkAdminPorts,
  checkCrossAccount,
  checkKeyPolicy,
  checkKmsGrant,
  checkPublicEndpoint,
  checkPublicPrincipals,
  kmsGrantLeastPrivilege,
  kmsKeyPolicyLeastPrivilege,
  publicEndpointAccess,
  resourcePolicyCrossAccount,
  resourcePolicyNoPublicPrincipal,
  securityGroupNoPublicAdminPorts,
} from "../../policy-pack/policies/exposure";
import { RESOURCE_POLICY_PROPERTIES } from "../../policy-pack/lib/resource-policies";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { ACCOUNT, res, T, verdicts } from "./fixtures";

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: "x:Y", Resource: "*" };
const second = (v: { message: string }) => v.message.split("\n")[1];

describe("resource-policy-no-public-principal", () => {
  it("reads the policy property of every resource-policy type", async () => {
    const resources = Object.entries(RESOURCE_POLICY_PROPERTIES).map(([type, property], i) => res(type, `r${i}`, { [property]: doc(open) }));
    const found = await verdicts([resourcePolicyNoPublicPrincipal], resources);
    expect(found.map((v) => v.urn)).toEqual(resources.map((r) => r.urn));
    expect(new Set(found.map((v) => v.enforcementLevel))).toEqual(new Set(["mandatory"]));
  });

  it("names the statement and the fix; NotPrincipal reads as everyone but", () => {
    const r = res("aws:sqs/queuePolicy:QueuePolicy", "qp", { policy: doc(open, { Effect: "Allow", NotPrincipal: { AWS: "1" }, Action: "x:Y" }) });
    expect(checkPublicPrincipals(r).map((f) => f.message)).toEqual([
      `The resource policy of "qp" statement "Open" allows Principal "*" with no condition that restricts the caller (conditions such as aws:SecureTransport say how, not who): name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.`,
      `The resource policy of "qp" statement 2 allows everyone but its NotPrincipal with no condition that restricts the caller (conditions such as aws:SecureTransport say how, not who): name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.`,
    ]);
  });

  it("passes restricted, named and Deny statements; advises on unknown; fails invalid JSON", () => {
    const ok = doc(
      { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:1:t" } } },
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sqs:*" },
      { Effect: "Deny", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    );
    expect(checkPublicPrincipals(res("aws:sqs/queuePolicy:QueuePolicy", "qp", { policy: ok }))).toEqual([]);
    expect(checkPublicPrincipals(res("aws:sqs/queue:Queue", "q", {}))).toEqual([]);
    expect(checkPublicPrincipals(res("aws:opensearch/domain:Domain", "d", { accessPolicies: doc(open) })).length).toBe(1);
    expect(checkPublicPrincipals(res("aws:iam/role:Role", "r", { assumeRolePolicy: doc({ ...open, Principal: { AWS: "*" } }), policy: "ignored" })).length).toBe(1);
    expect(checkPublicPrincipals(res("aws:sqs/queuePolicy:QueuePolicy", "qp", { policy: UNKNOWN }))).toEqual([
      { kind: "unknown", message: `cannot check during preview: the resource policy of "qp" is not yet known` },
    ]);
    expect(checkPublicPrincipals(res("aws:sqs/queuePolicy:QueuePolicy", "qp", { policy: "{" })).map((f) => [f.kind, f.message])).toEqual([
      ["violation", expect.stringMatching(/^The resource policy of "qp" is not valid JSON \(.+\): fix the JSON\.$/)],
    ]);
  });

  it("ignores VPC endpoint policies, where * means callers inside the VPC", async () => {
    expect(await verdicts([resourcePolicyNoPublicPrincipal], [res("aws:ec2/vpcEndpoint:VpcEndpoint", "e", { policy: doc(open) })])).toEqual([]);
  });
});

describe("resource-policy-cross-account", () => {
  const OTHER = "210987654321";
  const TRUSTED = "111122223333";
  const defaults = { accountId: "", trustedAccounts: [] };
  // The stack's own account shows in the ARNs of its resources (S3 bucket ARNs carry none).
  const ownQueue = res("aws:sqs/queue:Queue", "own-queue", { arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:own-queue` });
  const grant = (Principal: unknown, extra: Record<string, unknown> = {}) => doc({ Sid: "Share", Effect: "Allow", Principal, Action: "x:Y", Resource: "*", ...extra });
  const bucketPolicy = (policy: string) => res(T.bucketPolicy, "bp", { bucket: "data-a1b2c3", policy });

  it("reports another account's root in a bucket policy through the analyzer, naming resource, Sid and account", async () => {
    const bp = bucketPolicy(grant({ AWS: `arn:aws:iam::${OTHER}:root` }));
    const found = await verdicts([resourcePolicyCrossAccount], [ownQueue, bp]);
    expect(found.map((v) => [v.urn, v.enforcementLevel])).toEqual([[bp.urn, "advisory"]]);
    expect(second(found[0]!)).toBe(
      `The resource policy of "bp" statement "Share" grants access to account ${OTHER}, which is neither the stack's own account (${ACCOUNT}) nor in trustedAccounts: add it to trustedAccounts if the grant is intended, or name a principal of your own account, or add a condition on aws:PrincipalAccount or aws:PrincipalOrgID.`,
    );
  });

  it("reports a role trusting another account's role, and a queue policy naming a bare account id", () => {
    const role = res(T.role, "deployer", {
      arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
      assumeRolePolicy: grant({ AWS: [`arn:aws:iam::${ACCOUNT}:role/ci`, `arn:aws:iam::${OTHER}:role/ci`] }),
    });
    const queue = res("aws:sqs/queuePolicy:QueuePolicy", "qp", { policy: doc({ Effect: "Allow", Principal: { AWS: [OTHER, TRUSTED] }, Action: "sqs:SendMessage" }) });
    expect(checkCrossAccount([role, queue], defaults).map((f) => [f.urn, f.message.split(",")[0]])).toEqual([
      [role.urn, `The resource policy of "deployer" statement "Share" grants access to account ${OTHER}`],
      [queue.urn, `The resource policy of "qp" statement 1 grants access to accounts ${OTHER}`],
    ]);
    expect(checkCrossAccount([role, queue], defaults)[1]!.message).toContain(`accounts ${OTHER}, ${TRUSTED}, which are neither`);
  });

  it("passes the own account (inferred or configured), trusted accounts, services and organisation-confined grants", async () => {
    const own = bucketPolicy(grant({ AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/app`] }));
    expect(checkCrossAccount([ownQueue, own], defaults)).toEqual([]);
    expect(checkCrossAccount([own], { ...defaults, accountId: ACCOUNT })).toEqual([]);
    const trusted = bucketPolicy(grant({ AWS: `arn:aws:iam::${TRUSTED}:root` }));
    expect(await verdicts([resourcePolicyCrossAccount], [ownQueue, trusted], { "resource-policy-cross-account": { trustedAccounts: [TRUSTED] } })).toEqual([]);
    expect((await verdicts([resourcePolicyCrossAccount], [ownQueue, trusted])).length).toBe(1);
    expect(checkCrossAccount([ownQueue, bucketPolicy(grant({ Service: "cloudtrail.amazonaws.com" }))], defaults)).toEqual([]);
    const orgOnly = grant({ AWS: `arn:aws:iam::${OTHER}:root` }, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } } });
    expect(checkCrossAccount([ownQueue, bucketPolicy(orgOnly)], defaults)).toEqual([]);
    const ownCaller = grant({ AWS: `arn:aws:iam::${OTHER}:root` }, { Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } });
    expect(checkCrossAccount([ownQueue, bucketPolicy(ownCaller)], defaults)).toEqual([]);
    // Conditions that do not confine the caller to allowed accounts leave the grant reported.
    for (const Condition of [
      { StringEquals: { "aws:PrincipalAccount": OTHER } },
      { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123def4" } },
      { Bool: { "aws:SecureTransport": "true" } },
    ]) {
      expect(checkCrossAccount([ownQueue, bucketPolicy(grant({ AWS: `arn:aws:iam::${OTHER}:root` }, { Condition }))], defaults).length).toBe(1);
    }
    // A Deny naming another account grants nothing.
    expect(checkCrossAccount([ownQueue, bucketPolicy(doc({ Effect: "Deny", Principal: { AWS: OTHER }, Action: "s3:*" }))], defaults)).toEqual([]);
  });

  it("stays silent when the own account is unknown, and does not take it from principals", async () => {
    const other = bucketPolicy(grant({ AWS: `arn:aws:iam::${OTHER}:root` }));
    const newQueue = res("aws:sqs/queue:Queue", "new-queue", { arn: UNKNOWN });
    // A key policy naming an account root proves nothing about whose stack this is.
    const key = res(T.key, "k", { policy: grant({ AWS: `arn:aws:iam::${OTHER}:root` }) });
    expect(await verdicts([resourcePolicyCrossAccount], [newQueue, key, other])).toEqual([]);
    expect(checkCrossAccount([newQueue, key, other], { ...defaults, accountId: ACCOUNT }).map((f) => f.urn)).toEqual([key.urn, other.urn]);
    expect(checkCrossAccount([newQueue, other], { accountId: ACCOUNT, trustedAccounts: [OTHER] })).toEqual([]);
  });
});

describe("public-endpoint-access", () => {
  const permission = (props: Record<string, unknown>) => res("aws:lambda/permission:Permission", "p", { action: "lambda:InvokeFunction", function: "f", ...props });

  it("fails Lambda permissions for anyone without a source, and URL permissions without auth", () => {
    expect(checkPublicEndpoint(permission({ principal: "*" })).map((f) => f.message)).toEqual([
      `Lambda permission "p" lets anyone invoke the function: name the principal, or set sourceArn, sourceAccount or principalOrgId.`,
    ]);
    expect(checkPublicEndpoint(permission({ principal: "*", sourceAccount: ACCOUNT, functionUrlAuthType: "NONE" })).map((f) => f.message)).toEqual([
      `Lambda permission "p" opens a function URL without authentication: use functionUrlAuthType "AWS_IAM".`,
    ]);
    for (const k of ["sourceArn", "sourceAccount", "principalOrgId"]) expect(checkPublicEndpoint(permission({ principal: "*", [k]: "x" }))).toEqual([]);
    expect(checkPublicEndpoint(permission({ principal: "*", sourceArn: "" })).length).toBe(1);
    expect(checkPublicEndpoint(permission({ principal: "*", sourceArn: null })).length).toBe(1);
    expect(checkPublicEndpoint(permission({ principal: "s3.amazonaws.com" }))).toEqual([]);
    expect(checkPublicEndpoint(permission({ principal: "*", sourceAccount: ACCOUNT, functionUrlAuthType: "AWS_IAM" }))).toEqual([]);
  });

  it("fails unauthenticated URLs, public layers, buses, AMIs and databases; passes the private forms", () => {
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      [
        "aws:lambda/functionUrl:FunctionUrl",
        { authorizationType: "NONE" },
        { authorizationType: "AWS_IAM" },
        `Lambda function URL "x" has authorizationType "NONE": anyone on the internet can invoke the function. Use "AWS_IAM".`,
      ],
      [
        "aws:lambda/layerVersionPermission:LayerVersionPermission",
        { principal: "*" },
        { principal: "*", organizationId: "o-1" },
        `Lambda layer permission "x" shares the layer with every AWS account: name the account, or set organizationId.`,
      ],
      [
        "aws:cloudwatch/eventPermission:EventPermission",
        { principal: "*" },
        { principal: "*", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-1" } },
        `EventBridge permission "x" lets every AWS account put events on the bus: name the account, or add a condition on aws:PrincipalOrgID.`,
      ],
      [
        "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
        { group: "all" },
        { accountId: "111122223333" },
        `AMI launch permission "x" makes the image public (group "all"): share it with accounts or an organization instead.`,
      ],
      [
        "aws:rds/instance:Instance",
        { publiclyAccessible: true },
        { publiclyAccessible: false },
        `Database "x" is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.`,
      ],
      [
        "aws:rds/clusterInstance:ClusterInstance",
        { publiclyAccessible: true },
        {},
        `Database "x" is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.`,
      ],
    ];
    for (const [type, bad, good, message] of cases) {
      expect([type, checkPublicEndpoint(res(type, "x", bad)).map((f) => f.message)]).toEqual([type, [message]]);
      expect([type, checkPublicEndpoint(res(type, "x", good))]).toEqual([type, []]);
    }
    expect(checkPublicEndpoint(res("aws:lambda/layerVersionPermission:LayerVersionPermission", "x", { principal: "111122223333" }))).toEqual([]);
    expect(checkPublicEndpoint(res("aws:cloudwatch/eventPermission:EventPermission", "x", { principal: "111122223333" }))).toEqual([]);
    expect(checkPublicEndpoint(res("aws:s3/bucket:Bucket", "x", { publiclyAccessible: true }))).toEqual([]);
  });

  it("is mandatory", async () => {
    expect((await verdicts([publicEndpointAccess], [res("aws:lambda/functionUrl:FunctionUrl", "u", { authorizationType: "NONE" })])).map((v) => v.enforcementLevel)).toEqual([
      "mandatory",
    ]);
  });
});

describe("kms-key-policy-least-privilege", () => {
  const root = { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };

  it("passes kms:* for the account root and specific actions for roles", () => {
    const k = res("aws:kms/key:Key", "k", {
      policy: doc(
        root,
        { Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "kms:*" },
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:role/app" }, Action: ["kms:Decrypt", "kms:Get*"] },
        { Effect: "Deny", Principal: "*", Action: "kms:*" },
      ),
    });
    expect(checkKeyPolicy(k)).toEqual([]);
    expect(checkKeyPolicy(res("aws:kms/key:Key", "k", {}))).toEqual([]);
    expect(checkKeyPolicy(res("aws:kms/key:Key", "k", { policy: UNKNOWN }))).toEqual([]);
  });

  it("fails kms:*, *, administration wildcards and NotAction for anyone but the root", () => {
    const role = { AWS: "arn:aws:iam::1:role/app" };
    const statements = [
      { Sid: "A", Effect: "Allow", Principal: role, Action: "kms:*" },
      { Sid: "B", Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "*" },
      { Sid: "C", Effect: "Allow", Principal: role, Action: ["kms:Decrypt", "kms:Put*"] },
      { Sid: "D", Effect: "Allow", Principal: role, Action: "KMS:ScheduleKeyDeletion" },
      { Sid: "E", Effect: "Allow", Principal: role, NotAction: "kms:Decrypt" },
      { Sid: "F", Effect: "Allow", NotPrincipal: role, Action: "kms:*" },
      { Sid: "G", Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, "arn:aws:iam::1:role/admin"] }, Action: "kms:*" },
    ];
    const findings = checkKeyPolicy(res("aws:kms/keyPolicy:KeyPolicy", "kp", { keyId: "k", policy: doc(...statements) }));
    expect(findings.map((f) => f.message.match(/statement "(.)"/)?.[1])).toEqual(["A", "B", "C", "E", "F", "G"]);
    expect(findings[0].message).toBe(
      `The key policy of "kp" statement "A" gives arn:aws:iam::1:role/app every KMS action (kms:* or a wildcard): only the account root (which delegates to IAM) may hold kms:*; give roles the specific actions they use (kms:Decrypt, kms:GenerateDataKey, ...).`,
    );
    expect(findings[4].message).toContain(`statement "F" gives everyone but its NotPrincipal every KMS action`);
    expect(findings[5].message).toContain(`gives arn:aws:iam::1:role/admin every KMS action`);
  });

  it("is mandatory", async () => {
    const k = res("aws:kms/key:Key", "k", { policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:role/app" }, Action: "kms:*" }) });
    expect((await verdicts([kmsKeyPolicyLeastPrivilege], [k])).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
  });
});

describe("kms-grant-least-privilege", () => {
  it("fails CreateGrant and whole-account grantees; passes a role with crypto operations", () => {
    const grant = (props: Record<string, unknown>) => res("aws:kms/grant:Grant", "g", { keyId: "k", ...props });
    expect(checkKmsGrant(grant({ granteePrincipal: "arn:aws:iam::1:role/app", operations: ["Decrypt", "GenerateDataKey"] }))).toEqual([]);
    expect(checkKmsGrant(grant({ granteePrincipal: UNKNOWN, operations: UNKNOWN }))).toEqual([]);
    expect(checkKmsGrant(grant({ granteePrincipal: "arn:aws:iam::111122223333:root", operations: ["Decrypt", "CreateGrant"] })).map((f) => f.message)).toEqual([
      `KMS grant "g" allows CreateGrant: the grantee can hand the key on to anyone. Grant only the cryptographic operations it uses.`,
      `KMS grant "g" names a whole account (arn:aws:iam::111122223333:root) as grantee: name the role that uses the key.`,
    ]);
    expect(checkKmsGrant(grant({ granteePrincipal: "111122223333", operations: ["Decrypt"] })).length).toBe(1);
    expect(checkKmsGrant(grant({ granteePrincipal: "*", operations: ["Decrypt"] })).length).toBe(1);
  });

  it("is mandatory", async () => {
    expect(
      (await verdicts([kmsGrantLeastPrivilege], [res("aws:kms/grant:Grant", "g", { granteePrincipal: "111122223333", operations: ["CreateGrant"] })])).map(
        (v) => v.enforcementLevel,
      ),
    ).toEqual(["mandatory", "mandatory"]);
  });
});

describe("security-group-no-public-admin-ports", () => {
  const ports = { adminPorts: [22, 3389, 5432] };
  const sg = (...ingress: Record<string, unknown>[]) => res("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress });

  it("fails admin ports open to 0.0.0.0/0 or ::/0, in every rule resource", () => {
    expect(checkAdminPorts(sg({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }), ports).map((f) => f.message)).toEqual([
      `Security group rule of "sg" opens port 22 to 0.0.0.0/0: allow only known address ranges or security groups, or use Session Manager instead of open admin ports.`,
    ]);
    expect(checkAdminPorts(sg({ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], cidrBlocks: ["0.0.0.0/0"] }), ports).map((f) => f.message)).toEqual([
      `Security group rule of "sg" opens ports 22, 3389, 5432 to 0.0.0.0/0 and ::/0: allow only known address ranges or security groups, or use Session Manager instead of open admin ports.`,
    ]);
    expect(checkAdminPorts(sg({ protocol: "tcp", fromPort: 3000, toPort: 6000, cidrBlocks: ["0.0.0.0/0"] }), ports).map((f) => f.message)).toEqual([
      expect.stringContaining("opens ports 3389, 5432 to"),
    ]);
    expect(checkAdminPorts(sg({ protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }), ports).length).toBe(1);
    expect(checkAdminPorts(sg({ protocol: "all", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }), ports).length).toBe(1);
    expect(checkAdminPorts(sg({ protocol: -1, fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }), ports).length).toBe(1);
    const rule = res("aws:ec2/securityGroupRule:SecurityGroupRule", "r", { type: "ingress", protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlocks: ["::/0"] });
    expect(checkAdminPorts(rule, ports).length).toBe(1);
    const ingress = res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "i", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" });
    expect(checkAdminPorts(ingress, ports).length).toBe(1);
  });

  it("passes HTTPS to the world, admin ports from private ranges, egress rules and the edges of a range", () => {
    expect(
      checkAdminPorts(
        sg({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }),
        ports,
      ),
    ).toEqual([]);
    expect(checkAdminPorts(sg({ protocol: "tcp", fromPort: 23, toPort: 3388, cidrBlocks: ["0.0.0.0/0"] }), ports)).toEqual([]);
    expect(checkAdminPorts(sg({ protocol: "tcp", fromPort: 5433, toPort: 5433, cidrBlocks: ["0.0.0.0/0"] }), ports)).toEqual([]);
    expect(checkAdminPorts(res("aws:ec2/securityGroupRule:SecurityGroupRule", "r", { type: "egress", protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }), ports)).toEqual([]);
    expect(
      checkAdminPorts(
        res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "i", { ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: "sg-1" }),
        ports,
      ),
    ).toEqual([]);
  });

  it("takes its port list from config, and is mandatory", async () => {
    const r = sg({ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] });
    expect(await verdicts([securityGroupNoPublicAdminPorts], [r])).toEqual([]);
    expect(
      (await verdicts([securityGroupNoPublicAdminPorts], [r], { "security-group-no-public-admin-ports": { adminPorts: [8080] } })).map((v) => [v.enforcementLevel, second(v)]),
    ).toEqual([["mandatory", expect.stringContaining("opens port 8080 to 0.0.0.0/0")]]);
    expect((await verdicts([securityGroupNoPublicAdminPorts], [sg({ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/0"] })])).length).toBe(1);
  });
});
