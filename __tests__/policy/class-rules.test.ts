/**
 * The rules for data leaving the account, front doors and transport, secrets in clear, network
 * ranges, audit delivery and free-tier allowances, each with what passes and what fails, through
 * the pack's analyzer handlers.
 */
import { coveredFamilies } from "../../policy-pack/lib/cidr";
import { decodedBase64, secretIn } from "../../policy-pack/lib/secrets";
import { auditDeliveryPolicies } from "../../policy-pack/policies/audit-delivery";
import { dataEgressPolicies } from "../../policy-pack/policies/data-egress";
import { freeTierAllowancePolicies } from "../../policy-pack/policies/free-tier-allowances";
import { frontDoorPolicies } from "../../policy-pack/policies/front-doors";
import { networkPolicies } from "../../policy-pack/policies/network";
import { plaintextSecretPolicies } from "../../policy-pack/policies/plaintext-secrets";
import { ACCOUNT, res, T, verdicts } from "./fixtures";

const FOREIGN = "999999999999";
const policies = [...dataEgressPolicies, ...frontDoorPolicies, ...plaintextSecretPolicies, ...networkPolicies, ...auditDeliveryPolicies, ...freeTierAllowancePolicies];
const topic = res(T.topic, "t", { arn: `arn:aws:sns:us-east-1:${ACCOUNT}:t` });

/** "level policy name" for each verdict on the named resources. */
async function judged(resources: ReturnType<typeof res>[], names: string[] = resources.map((r) => r.name)) {
  const found = await verdicts(policies as never, resources);
  return found.filter((v) => names.some((n) => v.urn.endsWith(`::${n}`))).map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn.split("::").pop()}`);
}

describe("address ranges", () => {
  it("covers the internet by union, in both families, and not with a gap", () => {
    expect(coveredFamilies(["0.0.0.0/1", "128.0.0.0/1"])).toEqual(["ipv4"]);
    expect(coveredFamilies(["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"])).toEqual(["ipv4"]);
    expect(coveredFamilies(["0.0.0.0/2", "128.0.0.0/1"])).toEqual([]);
    expect(coveredFamilies(["::/1", "8000::/1"])).toEqual(["ipv6"]);
    expect(coveredFamilies(["10.0.0.0/8", "0.0.0.0/0"])).toEqual(["ipv4"]);
  });
});

describe("the secret detector", () => {
  it.each([
    ["DB_PASSWORD", "Tr0ub4dor&3-horse-Battery", true],
    ["settings", "AKIAZ7Q3X5RW2N8KLM4P:wJalrXUtnFEMI/K7MDENG", true],
    ["DATABASE_URL", "postgres://app:q9Zr7TmW2pLx@db.internal:5432/orders", true],
    ["TOKEN_ISSUER", "https://issuer.example.com", false],
    ["SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:x", false],
    ["PASSWORD_MIN_LENGTH", "12", false],
    ["API_KEY_HEADER", "x-api-key", false],
    ["DB_PASSWORD", "$(aws secretsmanager get-secret-value --secret-id db)", false],
  ])("%s = %s is a secret: %s", (name, value, secret) => {
    expect(secretIn(name, value) !== undefined).toBe(secret);
  });

  it("decodes base64 user data and leaves other text alone", () => {
    expect(decodedBase64(Buffer.from("#!/bin/bash\necho hi\n").toString("base64"))).toBe("#!/bin/bash\necho hi\n");
    expect(decodedBase64("#!/bin/bash")).toBeUndefined();
  });
});

describe("data leaving the account", () => {
  it("fails replication, event targets, log destinations and subscriptions to a foreign account, and passes the own account", async () => {
    const sub = (name: string, endpoint: string) => res("aws:sns/topicSubscription:TopicSubscription", name, { topic: topic.props.arn, protocol: "sqs", endpoint });
    expect(
      await judged([
        topic,
        res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "repl", { rules: [{ id: "offsite", destination: { bucket: "arn:aws:s3:::x", account: FOREIGN } }] }),
        res("aws:cloudwatch/eventTarget:EventTarget", "fwd", { arn: `arn:aws:events:us-east-1:${FOREIGN}:event-bus/default` }),
        res("aws:cloudwatch/eventTarget:EventTarget", "own-bus", { arn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/ops` }),
        res("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "logs-out", { destinationArn: `arn:aws:logs:us-east-1:${FOREIGN}:destination:central` }),
        sub("partner", `arn:aws:sqs:us-east-1:${FOREIGN}:intake`),
        sub("own-queue", `arn:aws:sqs:us-east-1:${ACCOUNT}:intake`),
      ]),
    ).toEqual([
      "mandatory data-egress-cross-account repl",
      "mandatory data-egress-cross-account fwd",
      "mandatory data-egress-cross-account logs-out",
      "mandatory data-egress-cross-account partner",
    ]);
  });

  it("fails shares with all even when the own account is unknown, and only advises on account shares then", async () => {
    expect(
      await judged([
        res("aws:rds/snapshot:Snapshot", "public-snap", { sharedAccounts: ["all"] }),
        res("aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission", "share", { accountId: FOREIGN }),
      ]),
    ).toEqual(["mandatory data-egress-cross-account public-snap", "advisory data-egress-cross-account share"]);
  });

  it("trusts the accounts in trustedAccounts", async () => {
    const grant = res("aws:kms/grant:Grant", "partner-grant", { granteePrincipal: `arn:aws:iam::${FOREIGN}:role/reader` });
    const found = await verdicts(dataEgressPolicies as never, [topic, grant], { "data-egress-cross-account": { trustedAccounts: [FOREIGN] } });
    expect(found).toEqual([]);
    expect((await verdicts(dataEgressPolicies as never, [topic, grant])).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
  });
});

describe("front doors and transport", () => {
  it("fails unauthenticated methods and routes, passes IAM, JWT and CORS preflight", async () => {
    expect(
      await judged([
        res("aws:apigateway/method:Method", "post", { httpMethod: "POST", authorization: "NONE" }),
        res("aws:apigateway/method:Method", "keyed", { httpMethod: "POST", authorization: "NONE", apiKeyRequired: true }),
        res("aws:apigateway/method:Method", "preflight", { httpMethod: "OPTIONS", authorization: "NONE" }),
        res("aws:apigateway/method:Method", "iam", { httpMethod: "GET", authorization: "AWS_IAM" }),
        res("aws:apigatewayv2/route:Route", "any", { routeKey: "ANY /{proxy+}" }),
        res("aws:apigatewayv2/route:Route", "jwt", { routeKey: "GET /items", authorizationType: "JWT" }),
      ]),
    ).toEqual(["mandatory api-gateway-authorization post", "mandatory api-gateway-authorization any"]);
  });

  it("fails plain HTTP and TLS below 1.2, passes redirects and TLS 1.2+ policies", async () => {
    const listener = (name: string, props: Record<string, unknown>) => res("aws:lb/listener:Listener", name, props);
    expect(
      await judged([
        listener("http-forward", { protocol: "HTTP", defaultActions: [{ type: "forward" }] }),
        listener("http-redirect", { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }] }),
        listener("https-old", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" }),
        listener("https-default", { protocol: "HTTPS" }),
        listener("https-13", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
        res("aws:apigateway/domainName:DomainName", "tls10", { securityPolicy: "TLS_1_0" }),
        res("aws:cloudfront/distribution:Distribution", "cdn", {
          defaultCacheBehavior: { viewerProtocolPolicy: "https-only" },
          orderedCacheBehaviors: [{ pathPattern: "/api/*", viewerProtocolPolicy: "allow-all" }],
        }),
        res("aws:sns/topicSubscription:TopicSubscription", "hook", { protocol: "http", endpoint: "http://x" }),
        res("aws:cognito/identityPool:IdentityPool", "guests", { allowUnauthenticatedIdentities: true }),
      ]),
    ).toEqual([
      "mandatory transport-tls-1-2 http-forward",
      "mandatory transport-tls-1-2 https-old",
      "mandatory transport-tls-1-2 https-default",
      "mandatory transport-tls-1-2 tls10",
      "mandatory transport-tls-1-2 cdn",
      "mandatory transport-tls-1-2 hook",
      "advisory cognito-no-unauthenticated-identities guests",
    ]);
  });
});

describe("secrets in clear", () => {
  it("fails SSM String, container, state machine, user data and PLAINTEXT build secrets; passes references", async () => {
    const b64 = Buffer.from("#!/bin/bash\ncat > k <<'K'\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nK\n").toString("base64");
    expect(
      await judged([
        res("aws:ssm/parameter:Parameter", "pw", { name: "/app/db/password", type: "String", value: "Tr0ub4dor&3-horse" }),
        res("aws:ssm/parameter:Parameter", "pw-secure", { name: "/app/db/password", type: "SecureString", value: "Tr0ub4dor&3-horse" }),
        res("aws:ssm/parameter:Parameter", "issuer", { name: "/app/token_endpoint", type: "String", value: "https://auth.example.com/token" }),
        res("aws:ecs/taskDefinition:TaskDefinition", "task", {
          containerDefinitions: JSON.stringify([{ environment: [{ name: "DATABASE_URL", value: "postgres://a:b9Xz@db/x" }] }]),
        }),
        res("aws:sfn/stateMachine:StateMachine", "flow", { definition: JSON.stringify({ States: { A: { Parameters: { apiToken: "sk_live_51Hx9QeK2v8ZpR3mT7wYbN4c" } } } }) }),
        res("aws:ec2/launchTemplate:LaunchTemplate", "lt", { userData: b64 }),
        res("aws:ec2/instance:Instance", "fetcher", { userData: "#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db)\n" }),
        res("aws:codebuild/project:Project", "build", { environment: { environmentVariables: [{ name: "DOCKERHUB_PASSWORD", value: "dckr_pat_7Hq2LmZ9xW4vB8nR1tY6uK3sP0e" }] } }),
        res("aws:codebuild/project:Project", "refs", { environment: { environmentVariables: [{ name: "GH_TOKEN", value: "ci/github-token:token", type: "SECRETS_MANAGER" }] } }),
      ]),
    ).toEqual([
      "mandatory no-plaintext-secrets pw",
      "mandatory no-plaintext-secrets task",
      "mandatory no-plaintext-secrets flow",
      "mandatory no-plaintext-secrets lt",
      "mandatory no-plaintext-secrets build",
    ]);
  });
});

describe("security groups by what their ranges cover together", () => {
  const sgType = "aws:ec2/securityGroup:SecurityGroup";
  it("fails halves split across rule resources and all-protocol rules; passes 443 to the world, private ranges and egress", async () => {
    const windows = res(sgType, "windows-sg", { id: "sg-1" });
    const rule = (name: string, cidr: string, props: Record<string, unknown> = {}) =>
      res(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        name,
        { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: cidr, ...props },
        { securityGroupId: [windows] },
      );
    const web = res(sgType, "web-sg", { id: "sg-2", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
    const svc = res(sgType, "svc-sg", { id: "sg-3", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }] });
    const egress = res("aws:ec2/securityGroupRule:SecurityGroupRule", "egress", {
      type: "egress",
      securityGroupId: "sg-3",
      protocol: "tcp",
      fromPort: 22,
      toPort: 22,
      cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"],
    });
    const found = await judged([windows, rule("low", "0.0.0.0/1"), rule("high", "128.0.0.0/1"), web, svc, egress]);
    expect([...new Set(found)]).toEqual([
      "mandatory ec2-security-group-internet-ingress windows-sg",
      "mandatory ec2-security-group-internet-ingress low",
      "mandatory ec2-security-group-internet-ingress high",
    ]);
  });

  it("fails a default security group with rules and passes one without", async () => {
    const type = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
    const found = await judged([res(type, "open", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }), res(type, "locked", {})]);
    expect([...new Set(found)]).toEqual(["mandatory ec2-security-group-internet-ingress open"]);
  });
});

describe("audit delivery and free-tier allowances", () => {
  it("flags alarms that notify nobody, trails that do not log, self-logging buckets, big /tmp, provisioned concurrency and a fourth dashboard", async () => {
    const alarm = (name: string, props: Record<string, unknown>) => res(T.alarm, name, props);
    const bucket = res(T.bucket, "data", { bucket: "data-1" });
    const dashboards = ["a", "b", "c", "d"].map((n) => res("aws:cloudwatch/dashboard:Dashboard", `dash-${n}`, {}));
    const found = await judged([
      alarm("disabled", { alarmActions: [topic.props.arn], actionsEnabled: false }),
      alarm("ok-only", { okActions: [topic.props.arn] }),
      alarm("good", { alarmActions: [topic.props.arn] }),
      res(T.trail, "off", { enableLogging: false }),
      res(T.trail, "on", { enableLogging: true }),
      bucket,
      res(T.logging, "self", { bucket: "data-1", targetBucket: "data-1" }, { bucket: [bucket], targetBucket: [bucket] }),
      res(T.lambda, "big", { ephemeralStorage: { size: 1024 } }),
      res(T.lambda, "small", { ephemeralStorage: { size: 512 } }),
      res("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "warm", { provisionedConcurrentExecutions: 1 }),
      ...dashboards,
    ]);
    expect(found).toEqual([
      "mandatory cloudtrail-logging-enabled off",
      "advisory cloudwatch-alarm-notifies disabled",
      "advisory cloudwatch-alarm-notifies ok-only",
      "advisory lambda-ephemeral-storage big",
      "advisory lambda-no-provisioned-concurrency warm",
      "advisory s3-access-logs-separate-bucket self",
      ...dashboards.map((d) => `advisory cloudwatch-dashboard-count ${d.name}`),
    ]);
    expect(await judged(dashboards.slice(0, 3))).toEqual([]);
  });
});
