/**
 * Preflight (scripts/preflight.ts): the decision logic on every branch, the stack files it reads,
 * and the command as a real process against a private moto server, which answers GuardDuty
 * ListDetectors, Security Hub DescribeHub, Config DescribeConfigurationRecorders /
 * DescribeDeliveryChannels, CloudTrail DescribeTrails, KMS ListAliases and STS for real. moto does
 * not implement Lambda GetAccountSettings, so a small stub with the response shape of the Lambda
 * API reference stands in for Lambda (AWS_ENDPOINT_URL_LAMBDA); its quotas are set per test.
 * Failed calls are produced by a second stand-in that answers GuardDuty with an access denial in
 * the REST-JSON error form and KMS with a proxy's HTML page.
 */
import { CloudTrailClient, CreateTrailCommand } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient, PutConfigurationRecorderCommand, PutDeliveryChannelCommand } from "@aws-sdk/client-config-service";
import { CreateDetectorCommand, GuardDutyClient } from "@aws-sdk/client-guardduty";
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { EnableSecurityHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { AccountFacts, evaluatePreflight, formatReport, MIN_UNRESERVED_CONCURRENCY, PreflightReport, PreflightSettings, readPreflightSettings } from "../../scripts/preflight";
import { freePort, runScript, startPrivateMoto, type PrivateMoto } from "./support/script-harness";

const ROOT = path.resolve(__dirname, "../..");
const REGION = "us-east-1";

const DEV: PreflightSettings = {
  stack: "dev",
  region: REGION,
  reservedConcurrency: 1,
  enableGuardDuty: true,
  enableSecurityHub: true,
  enableConfig: true,
  enableCloudTrail: true,
  accountServices: { guardDuty: { mode: "create" }, securityHub: { mode: "create" }, configRecorder: { mode: "create" } },
};
const EMPTY: AccountFacts = {
  account: "123456789012",
  concurrencyLimit: 1000,
  unreservedConcurrency: 1000,
  guardDutyDetectorIds: [],
  securityHubArn: null,
  configRecorders: [],
  deliveryChannels: [],
  trails: [],
  aliases: [],
};
const statusOf = (r: PreflightReport) => Object.fromEntries(r.checks.map((c) => [c.check, c.status]));

describe("evaluatePreflight", () => {
  it("an empty account with the default quota is ready for the dev stack", () => {
    const report = evaluatePreflight(DEV, EMPTY);
    expect(statusOf(report)).toEqual({ "lambda-concurrency": "ok", guardduty: "ok", "security-hub": "ok", config: "ok", cloudtrail: "ok", "kms-aliases": "ok" });
    expect([report.blockers, report.configChanges]).toEqual([0, {}]);
  });

  it("blocks on a concurrency quota of 10: reserving 1 would leave 9 unreserved", () => {
    const report = evaluatePreflight(DEV, { ...EMPTY, concurrencyLimit: 10, unreservedConcurrency: 10 });
    expect(statusOf(report)["lambda-concurrency"]).toBe("blocker");
    expect(report.checks[0].message).toContain(`would leave 9, below the ${MIN_UNRESERVED_CONCURRENCY}`);
    expect(evaluatePreflight(DEV, { ...EMPTY, concurrencyLimit: 11, unreservedConcurrency: 11 }).blockers).toBe(0);
    // Already deployed: the stack's reservation is already out of the unreserved pool.
    expect(evaluatePreflight(DEV, { ...EMPTY, concurrencyLimit: 11, unreservedConcurrency: 10 }, { deployed: true }).blockers).toBe(0);
  });

  it("asks to use each account-wide singleton that already exists, and nothing else", () => {
    const facts = {
      ...EMPTY,
      guardDutyDetectorIds: ["d1"],
      securityHubArn: "arn:aws:securityhub:us-east-1:123456789012:hub/default",
      configRecorders: ["default"],
      deliveryChannels: [],
    };
    const report = evaluatePreflight(DEV, facts);
    expect(statusOf(report)).toEqual({ "lambda-concurrency": "ok", guardduty: "blocker", "security-hub": "blocker", config: "blocker", cloudtrail: "ok", "kms-aliases": "ok" });
    expect(report.configChanges).toEqual({ guardDutyDetector: "existing", securityHubAccount: "existing", configRecorder: "existing" });
    expect(report.existing).toEqual({ guardDuty: ["d1"], securityHub: [facts.securityHubArn], configRecorder: ["recorder default"] });
    expect(formatReport(report)).toContain("pulumi config set --stack dev guardDutyDetector existing");
    expect(formatReport(report)).toContain(
      `account services: GuardDuty detector exists (d1); Security Hub exists (${facts.securityHubArn}); Config recorder exists (recorder default)`,
    );
    // A delivery channel alone blocks Config too (one per region).
    expect(evaluatePreflight(DEV, { ...EMPTY, deliveryChannels: ["default"] }).configChanges).toEqual({ configRecorder: "existing" });
    // Using them, or leaving them alone, the same account is ready.
    const existing: typeof DEV = { ...DEV, accountServices: { guardDuty: { mode: "existing" }, securityHub: { mode: "existing" }, configRecorder: { mode: "existing" } } };
    expect(evaluatePreflight(existing, facts).blockers).toBe(0);
    const off = { ...DEV, enableGuardDuty: false, enableSecurityHub: false, enableConfig: false, accountServices: undefined };
    expect(evaluatePreflight(off, facts).blockers).toBe(0);
  });

  it("existing needs one to be there, and the one named", () => {
    const existing: typeof DEV = {
      ...DEV,
      accountServices: { guardDuty: { mode: "existing", detectorId: "d2" }, securityHub: { mode: "existing" }, configRecorder: { mode: "existing" } },
    };
    const report = evaluatePreflight(existing, { ...EMPTY, guardDutyDetectorIds: ["d1"] });
    expect(statusOf(report)).toMatchObject({ guardduty: "blocker", "security-hub": "blocker", config: "blocker" });
    expect(report.checks.find((c) => c.check === "guardduty")?.message).toBe(
      "guardDutyDetectorId d2 is not here (found: d1): name one of those, or leave guardDutyDetectorId empty to look it up",
    );
    expect(report.configChanges).toEqual({ securityHubAccount: "create", configRecorder: "create" });
  });

  it("advises turning a service back on where the account has none, without blocking", () => {
    const report = evaluatePreflight({ ...DEV, enableGuardDuty: false, enableCloudTrail: false, accountServices: { ...DEV.accountServices!, guardDuty: { mode: "none" } } }, EMPTY);
    expect(statusOf(report)).toMatchObject({ guardduty: "advice", cloudtrail: "advice" });
    expect([report.blockers, report.configChanges]).toEqual([0, {}]);
    expect(formatReport(report)).toContain("pulumi config set --stack dev enableGuardDuty true   # guardduty");
  });

  it("CloudTrail: advice beside another trail, blocker at five trails or when the stack's trail name is taken", () => {
    const trail = (name: string) => ({ name, arn: `arn:aws:cloudtrail:${REGION}:123456789012:trail/${name}`, multiRegion: true, homeRegion: REGION });
    expect(statusOf(evaluatePreflight(DEV, { ...EMPTY, trails: [trail("org")] })).cloudtrail).toBe("advice");
    expect(statusOf(evaluatePreflight(DEV, { ...EMPTY, trails: ["a", "b", "c", "d", "e"].map(trail) })).cloudtrail).toBe("blocker");
    expect(statusOf(evaluatePreflight(DEV, { ...EMPTY, trails: ["a", "b", "c", "d"].map(trail) })).cloudtrail).toBe("advice");
    expect(statusOf(evaluatePreflight(DEV, { ...EMPTY, trails: [trail("security-dev-trail")] })).cloudtrail).toBe("blocker");
    expect(statusOf(evaluatePreflight(DEV, { ...EMPTY, trails: [trail("security-dev-trail")] }, { deployed: true })).cloudtrail).toBe("ok");
  });

  it("blocks on a KMS alias the stack would create, unless the stack is the one deployed", () => {
    for (const alias of ["alias/secure-image-pipeline-dev", "alias/secure-image-pipeline-alerts-dev"]) {
      const report = evaluatePreflight(DEV, { ...EMPTY, aliases: ["alias/aws/s3", alias] });
      expect(statusOf(report)["kms-aliases"]).toBe("blocker");
      expect(report.checks.find((c) => c.check === "kms-aliases")?.message).toContain(alias);
    }
    expect(evaluatePreflight(DEV, { ...EMPTY, aliases: ["alias/secure-image-pipeline-dev"] }, { deployed: true }).blockers).toBe(0);
    expect(evaluatePreflight(DEV, { ...EMPTY, aliases: ["alias/secure-image-pipeline-prod"] }).blockers).toBe(0);
  });
});

describe("readPreflightSettings", () => {
  it("reads the dev and prod stack files (defaults from Pulumi.yaml)", () => {
    expect(readPreflightSettings(ROOT, "dev")).toEqual(DEV);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-settings-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.org.yaml"),
      "config:\n  aws:region: us-east-1\n  secure-image-pipeline:guardDutyDetector: existing\n  secure-image-pipeline:guardDutyDetectorId: d1\n",
    );
    expect(readPreflightSettings(dir, "org").accountServices?.guardDuty).toEqual({ mode: "existing", detectorId: "d1" });
    expect(readPreflightSettings(ROOT, "prod", "eu-west-1")).toEqual({ ...DEV, stack: "prod", region: "eu-west-1" });
  });

  it("names a missing stack file", () => {
    expect(() => readPreflightSettings(ROOT, "nope")).toThrow(/No stack file .*Pulumi\.nope\.yaml for stack "nope"/);
  });
});

describe("scripts/preflight.ts (npm run preflight) against moto", () => {
  jest.setTimeout(180_000);
  let moto: PrivateMoto | undefined;
  let lambdaStub: http.Server | undefined;
  let lambdaEndpoint = "";
  let quota = { limit: 1000, unreserved: 1000 };
  let configDir = "";
  const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
  const client = () => ({ endpoint: moto!.endpoint, region: REGION, credentials });
  const env = () => ({
    AWS_ENDPOINT_URL: moto!.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_PROFILE: "",
  });
  const preflight = (args: string[]) => runScript("scripts/preflight.ts", args, env());

  beforeAll(async () => {
    moto = await startPrivateMoto();
    // GET /2016-08-19/account-settings/ as the Lambda API reference shows it.
    lambdaStub = http.createServer((req, res) => {
      if (req.method === "GET" && req.url?.startsWith("/2016-08-19/account-settings")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            AccountLimit: {
              ConcurrentExecutions: quota.limit,
              UnreservedConcurrentExecutions: quota.unreserved,
              CodeSizeUnzipped: 262144000,
              CodeSizeZipped: 52428800,
              TotalCodeSize: 80530636800,
            },
            AccountUsage: { FunctionCount: 0, TotalCodeSize: 0 },
          }),
        );
        return;
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `stub answers only GetAccountSettings, not ${req.method} ${req.url}` }));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => lambdaStub!.listen(port, "127.0.0.1", resolve));
    lambdaEndpoint = `http://127.0.0.1:${port}`;
    // A stack that leaves the existing singletons alone, as the report asks.
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(configDir, "Pulumi.yaml"));
    fs.writeFileSync(
      path.join(configDir, "Pulumi.shared.yaml"),
      [
        "config:",
        "  aws:region: us-east-1",
        "  secure-image-pipeline:enableGuardDuty: false",
        "  secure-image-pipeline:enableSecurityHub: false",
        "  secure-image-pipeline:enableConfig: false",
        "",
      ].join("\n"),
    );
    // A stack that uses the account's own, as the report asks first.
    fs.writeFileSync(
      path.join(configDir, "Pulumi.org.yaml"),
      [
        "config:",
        "  aws:region: us-east-1",
        "  secure-image-pipeline:guardDutyDetector: existing",
        "  secure-image-pipeline:securityHubAccount: existing",
        "  secure-image-pipeline:configRecorder: existing",
        "  secure-image-pipeline:configRecorderName: default",
        "",
      ].join("\n"),
    );
  }, 660_000);

  afterAll(() => {
    moto?.stop();
    lambdaStub?.close();
    if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
  });

  it("an empty account: ready, exit 0, every check ok", async () => {
    const result = await preflight(["--stack", "dev", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as PreflightReport;
    expect([report.stack, report.region, report.account, report.blockers]).toEqual(["dev", REGION, "123456789012", 0]);
    expect(statusOf(report)).toEqual({ "lambda-concurrency": "ok", guardduty: "ok", "security-hub": "ok", config: "ok", cloudtrail: "ok", "kms-aliases": "ok" });
  });

  it("a concurrency quota of 10 is a blocker (exit 1), in text mode too", async () => {
    quota = { limit: 10, unreserved: 10 };
    try {
      const result = await preflight(["--stack", "dev"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ lambda-concurrency: account concurrency 10 with 10 unreserved: reserving 1 would leave 9/);
      expect(result.stdout).toContain("1 blocker(s): pulumi up would fail.");
    } finally {
      quota = { limit: 1000, unreserved: 1000 };
    }
  });

  it("an account with GuardDuty, Security Hub, Config, a trail and the stack's alias: flags to set, exit 1", async () => {
    await new GuardDutyClient(client()).send(new CreateDetectorCommand({ Enable: true }));
    await new SecurityHubClient(client()).send(new EnableSecurityHubCommand({}));
    const config = new ConfigServiceClient(client());
    await config.send(
      new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: "default", roleARN: "arn:aws:iam::123456789012:role/config", recordingGroup: { allSupported: true } } }),
    );
    const s3 = new S3Client({ ...client(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: "org-config" }));
    await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: "default", s3BucketName: "org-config" } }));
    await new CloudTrailClient(client()).send(new CreateTrailCommand({ Name: "org-trail", S3BucketName: "org-config", IsMultiRegionTrail: true }));
    const kms = new KMSClient(client());
    const key = await kms.send(new CreateKeyCommand({}));
    await kms.send(new CreateAliasCommand({ AliasName: "alias/secure-image-pipeline-dev", TargetKeyId: key.KeyMetadata?.KeyId }));

    const result = await preflight(["--stack", "dev", "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as PreflightReport;
    expect(statusOf(report)).toEqual({
      "lambda-concurrency": "ok",
      guardduty: "blocker",
      "security-hub": "blocker",
      config: "blocker",
      cloudtrail: "advice",
      "kms-aliases": "blocker",
    });
    expect(report.configChanges).toEqual({ guardDutyDetector: "existing", securityHubAccount: "existing", configRecorder: "existing" });
    expect(report.existing.guardDuty).toHaveLength(1);
    expect(report.checks.find((c) => c.check === "config")?.message).toContain("recorder default, delivery channel default");
    expect(report.checks.find((c) => c.check === "cloudtrail")?.message).toContain("org-trail");
  });

  it("the same account is ready for a stack that leaves the singletons alone under its own name", async () => {
    const result = await preflight(["--stack", "shared", "--config-dir", configDir, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as PreflightReport;
    expect(statusOf(report)).toEqual({ "lambda-concurrency": "ok", guardduty: "ok", "security-hub": "ok", config: "ok", cloudtrail: "advice", "kms-aliases": "ok" });
  });

  it("the same account is ready for a stack that uses the existing singletons", async () => {
    const result = await preflight(["--stack", "org", "--config-dir", configDir, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as PreflightReport;
    expect(statusOf(report)).toEqual({ "lambda-concurrency": "ok", guardduty: "ok", "security-hub": "ok", config: "ok", cloudtrail: "advice", "kms-aliases": "ok" });
    expect(report.checks.find((c) => c.check === "guardduty")?.message).toMatch(/^a GuardDuty detector exists \(\w+\) and the stack uses it/);
  });

  it("takes the region from the stack file before the environment, and prints no SDK notice", async () => {
    // The SDK's own notice is on unless the tool suppresses it: clear what the test runner may have set.
    const result = await runScript("scripts/preflight.ts", ["--stack", "dev", "--json"], {
      ...env(),
      AWS_REGION: "eu-west-1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "",
    });
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
    expect((JSON.parse(result.stdout) as PreflightReport).region).toBe("us-east-1");
    const flagged = await preflight(["--stack", "dev", "--json", "--region", "eu-west-2"]);
    expect((JSON.parse(flagged.stdout) as PreflightReport).region).toBe("eu-west-2");
  });

  it("makes every call even when some fail, names each failed one with its code and fix, and exits 2 (JSON with --json)", async () => {
    const broken = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        // GuardDuty ListDetectors is GET /detector (REST-JSON); KMS is a JSON-1.1 POST.
        if (req.method === "GET" && req.url?.startsWith("/detector")) {
          res.writeHead(403, { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" });
          res.end(JSON.stringify({ message: "User: arn:aws:iam::123456789012:user/op is not authorized to perform: guardduty:ListDetectors" }));
          return;
        }
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html><body>Sign in to the proxy</body></html>");
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => broken.listen(port, "127.0.0.1", resolve));
    try {
      const failingEnv = { AWS_ENDPOINT_URL_GUARDDUTY: `http://127.0.0.1:${port}`, AWS_ENDPOINT_URL_KMS: `http://127.0.0.1:${port}` };
      const text = await runScript("scripts/preflight.ts", ["--stack", "dev"], { ...env(), ...failingEnv });
      expect(text.code).toBe(2);
      expect(text.stdout).toBe("");
      expect(text.stderr).toContain(
        "preflight: GuardDuty ListDetectors failed with AccessDeniedException: User: arn:aws:iam::123456789012:user/op is not authorized to perform: guardduty:ListDetectors. Fix: the identity you run as lacks guardduty:ListDetectors",
      );
      expect(text.stderr).toMatch(/preflight: KMS ListAliases failed with SyntaxError: .*Fix: the endpoint answered with something that is not the AWS API/);

      const json = await runScript("scripts/preflight.ts", ["--stack", "dev", "--json"], { ...env(), ...failingEnv });
      expect(json.code).toBe(2);
      const doc = JSON.parse(json.stdout) as { tool: string; exitCode: number; failures: { service: string; operation: string; code: string; fix?: string }[] };
      expect([doc.tool, doc.exitCode]).toEqual(["preflight", 2]);
      expect(doc.failures.map((f) => `${f.service} ${f.operation} ${f.code}`)).toEqual(["GuardDuty ListDetectors AccessDeniedException", "KMS ListAliases SyntaxError"]);
      expect(doc.failures.every((f) => typeof f.fix === "string")).toBe(true);
    } finally {
      broken.close();
    }
  });

  it("bad arguments exit 2 naming the problem", async () => {
    expect(await preflight([])).toMatchObject({ code: 2, stderr: expect.stringContaining("preflight: --stack <name> is required") });
    expect(await preflight(["--stack", "nope"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/preflight: No stack file .*Pulumi\.nope\.yaml/) });
    const unknown = await preflight(["--stack", "dev", "--json", "--bogus"]);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ tool: "preflight", exitCode: 2, error: { message: "Unknown option '--bogus'" } });
  });
});
