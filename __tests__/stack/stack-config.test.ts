/**
 * Stack configuration: Pulumi.yaml declares every key (type, default, description), the offline
 * loader merges it with Pulumi.<stack>.yaml like the CLI, and readStackSettings validates all
 * values at program start, naming each bad key and its allowed values.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readStackSettings, StackSettings } from "../../components/stack-config";
import { ENV, loadConfig } from "../../handlers/config";
import { loadStackConfig, readProjectFile } from "../../offline/stack-config";

const ROOT = path.join(__dirname, "../..");
const PROJECT = "secure-image-pipeline";

function settingsFor(overrides: Record<string, unknown>): StackSettings {
  const { values } = loadStackConfig(ROOT, "dev", overrides);
  pulumi.runtime.setAllConfig(values);
  return readStackSettings(new pulumi.Config(PROJECT));
}

describe("the dev stack", () => {
  test("merges Pulumi.yaml defaults with Pulumi.dev.yaml (whose values match the defaults) and sets the region", () => {
    const { values, project } = loadStackConfig(ROOT, "dev");
    expect(project).toBe(PROJECT);
    expect(values["aws:region"]).toBe("us-east-1");
    const declared = readProjectFile(ROOT).config;
    for (const [key, spec] of Object.entries(declared)) {
      const raw = values[`${PROJECT}:${key}`];
      expect([key, raw]).toEqual([key, typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default)]);
    }
  });

  test("reads every declared key into settings with the security policy's values", () => {
    const settings = settingsFor({});
    // The account-level services' mode, id and name keys are read together into accountServices.
    const folded = ["guardDutyDetector", "guardDutyDetectorId", "securityHubAccount", "configRecorder", "configRecorderName"];
    const declared = Object.keys(readProjectFile(ROOT).config).filter((key) => !folded.includes(key));
    expect(Object.keys(settings).sort()).toEqual([...declared, "accountServices"].sort());
    expect(settings).toEqual({
      lambdaMemoryMb: 512,
      lambdaTimeoutSeconds: 60,
      lambdaReservedConcurrency: 1,
      lambdaArchitecture: "arm64",
      lambdaSdk: "bundled",
      lambdaErrorThreshold: 5,
      maximumEventAgeInSeconds: 21600,
      eventAgeAlarmPercent: 50,
      tableWriteCapacity: 5,
      logLevel: "INFO",
      objectExpirationDays: 30,
      logRetentionDays: 30,
      auditLogRetentionDays: 365,
      accessLogRetentionDays: 365,
      recordTtlDays: 90,
      maxImageBytes: 26214400,
      maxImagePixels: 40000000,
      variants: "1024x1024,256x256",
      jpegQuality: 80,
      alertEmails: [],
      securityAlertEmails: [],
      securityAlertSeverities: ["Critical", "High", "Medium", "Low"],
      criticalAlertEmails: [],
      requireSecurityAlertSubscribers: false,
      exportGuardDutyFindings: true,
      accountServices: { guardDuty: { mode: "create" }, securityHub: { mode: "create" }, configRecorder: { mode: "create" } },
      dashboard: true,
      storageAlarmBytes: 4294967296,
      enableGuardDuty: true,
      enableSecurityHub: true,
      enableConfig: true,
      enableCloudTrail: true,
      cisBenchmarkVersion: "5.0.0",
      pointInTimeRecovery: true,
      tableDeletionProtection: false,
      vpcIsolation: false,
      malwareScan: false,
      uploaderPrincipals: [],
      readerPrincipals: [],
      operatorPrincipals: [],
    });
  });

  test("every declared key has a type, a default and a description", () => {
    for (const [key, spec] of Object.entries(readProjectFile(ROOT).config)) {
      expect([key, typeof spec.type, spec.default !== undefined, (spec.description ?? "").length > 10]).toEqual([key, "string", true, true]);
    }
  });
});

describe("invalid values", () => {
  test("fail fast with every bad key, its allowed values and what was given", () => {
    expect(() =>
      settingsFor({
        lambdaMemoryMb: 64,
        lambdaArchitecture: "sparc",
        lambdaSdk: "latest",
        maximumEventAgeInSeconds: 59,
        eventAgeAlarmPercent: 0,
        logRetentionDays: 31,
        variants: "1024x1024,0x0",
        jpegQuality: 101,
        alertEmails: ["ops@example.com", "nobody"],
        logLevel: "LOUD",
        readerPrincipals: ["arn:aws:iam::123456789012:role/app", "*"],
      }),
    ).toThrow(
      [
        "Invalid stack configuration:",
        "- secure-image-pipeline:lambdaMemoryMb must be a whole number from 128 to 10240, got 64",
        '- secure-image-pipeline:lambdaArchitecture must be one of arm64, x86_64, got "sparc"',
        '- secure-image-pipeline:lambdaSdk must be one of bundled, runtime, got "latest"',
        "- secure-image-pipeline:maximumEventAgeInSeconds must be a whole number from 60 to 21600, got 59",
        "- secure-image-pipeline:eventAgeAlarmPercent must be a whole number from 1 to 99, got 0",
        '- secure-image-pipeline:logLevel must be one of DEBUG, INFO, WARN, ERROR, got "LOUD"',
        "- secure-image-pipeline:logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 31",
        '- secure-image-pipeline:variants has an invalid size "0x0": use WIDTHxHEIGHT with 1 to 10000 pixels each',
        "- secure-image-pipeline:jpegQuality must be a whole number from 1 to 100, got 101",
        '- secure-image-pipeline:alertEmails must be a list of email addresses, got ["ops@example.com","nobody"]',
        '- secure-image-pipeline:readerPrincipals must be a list of IAM account-root, role or user ARNs, got ["arn:aws:iam::123456789012:role/app","*"]',
      ].join("\n"),
    );
  });

  test("a value of the wrong type is refused by the loader, naming the key and the declared type", () => {
    expect(() => loadStackConfig(ROOT, "dev", { lambdaMemoryMb: "lots" })).toThrow('Config secure-image-pipeline:lambdaMemoryMb must be of type integer (Pulumi.yaml), got "lots"');
    expect(() => loadStackConfig(ROOT, "dev", { vpcIsolation: "yes" })).toThrow('Config secure-image-pipeline:vpcIsolation must be of type boolean (Pulumi.yaml), got "yes"');
  });
});

describe("the loader", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: demo\nruntime: nodejs\nconfig:\n  size:\n    type: integer\n    default: 3\n  tags:\n    type: array\n    default: [a]\n",
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("stack values win over defaults; lists are passed as JSON; other namespaces pass through", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.test.yaml"), "config:\n  demo:size: 5\n  tags: [x, y]\n  aws:region: eu-west-1\n");
    expect(loadStackConfig(dir, "test").values).toEqual({ "demo:size": "5", "demo:tags": '["x","y"]', "aws:region": "eu-west-1" });
  });

  test("an undeclared key, a secret and a missing stack file are clear errors", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.typo.yaml"), "config:\n  demo:sise: 5\n");
    expect(() => loadStackConfig(dir, "typo")).toThrow("Config demo:sise is not declared in Pulumi.yaml (declared: demo:size, demo:tags)");
    fs.writeFileSync(path.join(dir, "Pulumi.secret.yaml"), "config:\n  demo:size:\n    secure: AAAB\n");
    expect(() => loadStackConfig(dir, "secret")).toThrow(
      "Config demo:size is a secret (secure:): it cannot be decrypted offline. Plan with --secret-placeholder <text> to use a placeholder, or --config demo:size=<value> for a plain value",
    );
    expect(loadStackConfig(dir, "secret", {}, { secretPlaceholder: "7" }).values["demo:size"]).toBe("7");
    expect(() => loadStackConfig(dir, "nope")).toThrow(`No stack file ${path.join(dir, "Pulumi.nope.yaml")} for stack "nope"`);
  });
});

describe("agreement with the handler's own validation (handlers/config.ts)", () => {
  const handlerEnv = {
    [ENV.tableName]: "records",
    [ENV.topicArn]: "arn:aws:sns:us-east-1:123456789012:notifications",
    [ENV.kmsKeyArn]: "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
  };
  const accepts = (read: () => unknown) => {
    try {
      read();
      return true;
    } catch {
      return false;
    }
  };
  const cases: [keyof StackSettings, string, number[]][] = [
    ["maxImageBytes", ENV.maxImageBytes, [1023, 1024, 512 * 1024 * 1024, 512 * 1024 * 1024 + 1]],
    ["maxImagePixels", ENV.maxImagePixels, [0, 1, 500_000_000, 500_000_001]],
    ["jpegQuality", ENV.jpegQuality, [0, 1, 100, 101]],
    ["recordTtlDays", ENV.recordTtlDays, [0, 1, 3650, 3651]],
  ];
  test.each(cases)("the stack accepts %s exactly when the handler accepts %s", (key, variable, values) => {
    for (const value of values) {
      const byStack = accepts(() => settingsFor({ [key]: value }));
      const byHandler = accepts(() => loadConfig({ ...handlerEnv, [variable]: String(value) }));
      expect([value, byStack]).toEqual([value, byHandler]);
    }
  });
});
