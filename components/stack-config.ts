import * as pulumi from "@pulumi/pulumi";
import { ConfigError, HANDLER_LIMITS, parseVariants, type WholeNumberRange } from "../handlers/config";
import { Severity, SEVERITIES } from "./alert-severity";
import { CIS_BENCHMARK_VERSIONS, type CisBenchmarkVersion } from "./cis-benchmark";
import { SDK_SOURCES, type SdkSource } from "./handler-build";
import { DYNAMODB_LIMITS, LAMBDA_LIMITS, LOG_RETENTION_DAYS } from "./aws-limits";
import { regionProblem } from "./aws-regions";
import { TRUSTED_PRINCIPAL_PATTERN } from "./pipeline-access";
import { type AccountServices, accountServicesFromSettings } from "./account-services";

/**
 * The stack's settings, read from Pulumi config (keys and defaults are declared in Pulumi.yaml)
 * and validated together: a bad value fails the program before any resource is registered, with
 * a message naming the key and the allowed values.
 */
export interface StackSettings {
  readonly lambdaMemoryMb: number;
  readonly lambdaTimeoutSeconds: number;
  readonly lambdaReservedConcurrency: number;
  readonly lambdaArchitecture: "arm64" | "x86_64";
  readonly lambdaSdk: SdkSource;
  readonly lambdaErrorThreshold: number;
  readonly maximumEventAgeInSeconds: number;
  readonly eventAgeAlarmPercent: number;
  readonly tableWriteCapacity: number;
  readonly logLevel: "DEBUG" | "INFO" | "WARN" | "ERROR";
  readonly objectExpirationDays: number;
  readonly logRetentionDays: number;
  readonly auditLogRetentionDays: number;
  readonly accessLogRetentionDays: number;
  readonly recordTtlDays: number;
  readonly maxImageBytes: number;
  readonly maxImagePixels: number;
  readonly variants: string;
  readonly jpegQuality: number;
  readonly alertEmails: string[];
  readonly securityAlertEmails: string[];
  readonly securityAlertSeverities: Severity[];
  readonly criticalAlertEmails: string[];
  readonly requireSecurityAlertSubscribers: boolean;
  readonly exportGuardDutyFindings: boolean;
  readonly dashboard: boolean;
  readonly storageAlarmBytes: number;
  readonly enableGuardDuty: boolean;
  readonly enableSecurityHub: boolean;
  /** The CIS AWS Foundations Benchmark version Security Hub subscribes to (newest by default). */
  readonly cisBenchmarkVersion: CisBenchmarkVersion;
  readonly enableConfig: boolean;
  /** GuardDuty, Security Hub, Config recorder: create, existing or none (the enable* flags and their mode keys). */
  readonly accountServices: AccountServices;
  readonly enableCloudTrail: boolean;
  readonly pointInTimeRecovery: boolean;
  readonly tableDeletionProtection: boolean;
  readonly vpcIsolation: boolean;
  /** GuardDuty Malware Protection for S3 on uploads/, and processing only after a clean scan. */
  readonly malwareScan: boolean;
  /** Principals that may assume the uploader role (empty: any principal of the account allowed to by its own policy). */
  readonly uploaderPrincipals: string[];
  /** Principals that may assume the reader role (empty: as above). */
  readonly readerPrincipals: string[];
  /** Principals that may assume the operator role (failure-queue replay, audit logs; empty: as above). */
  readonly operatorPrincipals: string[];
}

/** The stack's KMS alias names (without `alias/`): the data key and the security-alerts key. */
export function keyAliasNames(stack: string): { data: string; alerts: string } {
  return { data: `secure-image-pipeline-${stack}`, alerts: `secure-image-pipeline-alerts-${stack}` };
}

class Problems {
  readonly list: string[] = [];
  constructor(private readonly namespace: string) {}
  add(key: string, message: string): void {
    this.list.push(`${this.namespace}:${key} ${message}`);
  }
}

function attempt<T>(problems: Problems, key: string, read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    problems.add(key, `is invalid: ${(error as Error).message}`);
    return fallback;
  }
}

export function readStackSettings(config: pulumi.Config = new pulumi.Config()): StackSettings {
  const problems = new Problems(config.name);
  const wholeNumber = (key: string, min: number, max: number): number =>
    attempt(
      problems,
      key,
      () => {
        const value = config.requireNumber(key);
        if (!Number.isInteger(value) || value < min || value > max) {
          problems.add(key, `must be a whole number from ${min} to ${max}, got ${value}`);
        }
        return value;
      },
      min,
    );
  const within = (key: string, range: WholeNumberRange): number => wholeNumber(key, range.min, range.max);
  const oneOf = <T extends string | number>(key: string, allowed: readonly T[], read: () => T): T =>
    attempt(
      problems,
      key,
      () => {
        const value = read();
        if (!allowed.includes(value)) problems.add(key, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
        return value;
      },
      allowed[0],
    );
  const flag = (key: string): boolean => attempt(problems, key, () => config.requireBoolean(key), false);
  const emails = (key: string): string[] =>
    attempt(
      problems,
      key,
      () => {
        const value = config.requireObject<unknown>(key);
        if (!Array.isArray(value) || value.some((e) => typeof e !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))) {
          problems.add(key, `must be a list of email addresses, got ${JSON.stringify(value)}`);
          return [];
        }
        return value as string[];
      },
      [],
    );

  const principals = (key: string): string[] =>
    attempt(
      problems,
      key,
      () => {
        const value = config.getObject<unknown>(key) ?? [];
        if (!Array.isArray(value) || value.some((e) => typeof e !== "string" || !TRUSTED_PRINCIPAL_PATTERN.test(e))) {
          problems.add(key, `must be a list of IAM account-root, role or user ARNs, got ${JSON.stringify(value)}`);
          return [];
        }
        return value as string[];
      },
      [],
    );

  const settings: StackSettings = {
    lambdaMemoryMb: within("lambdaMemoryMb", LAMBDA_LIMITS.memoryMb),
    lambdaTimeoutSeconds: within("lambdaTimeoutSeconds", LAMBDA_LIMITS.timeoutSeconds),
    lambdaReservedConcurrency: within("lambdaReservedConcurrency", LAMBDA_LIMITS.reservedConcurrency),
    lambdaArchitecture: oneOf("lambdaArchitecture", ["arm64", "x86_64"] as const, () => config.require("lambdaArchitecture") as "arm64"),
    lambdaSdk: oneOf("lambdaSdk", SDK_SOURCES, () => config.require("lambdaSdk") as SdkSource),
    lambdaErrorThreshold: wholeNumber("lambdaErrorThreshold", 0, 100000),
    maximumEventAgeInSeconds: within("maximumEventAgeInSeconds", LAMBDA_LIMITS.maximumEventAgeInSeconds),
    eventAgeAlarmPercent: wholeNumber("eventAgeAlarmPercent", 1, 99),
    tableWriteCapacity: within("tableWriteCapacity", DYNAMODB_LIMITS.capacityUnits),
    logLevel: oneOf("logLevel", ["DEBUG", "INFO", "WARN", "ERROR"] as const, () => config.require("logLevel") as "INFO"),
    objectExpirationDays: wholeNumber("objectExpirationDays", 1, 36500),
    logRetentionDays: oneOf("logRetentionDays", LOG_RETENTION_DAYS, () => config.requireNumber("logRetentionDays")),
    auditLogRetentionDays: oneOf("auditLogRetentionDays", LOG_RETENTION_DAYS, () => config.requireNumber("auditLogRetentionDays")),
    accessLogRetentionDays: wholeNumber("accessLogRetentionDays", 1, 36500),
    recordTtlDays: within("recordTtlDays", HANDLER_LIMITS.recordTtlDays),
    maxImageBytes: within("maxImageBytes", HANDLER_LIMITS.maxImageBytes),
    maxImagePixels: within("maxImagePixels", HANDLER_LIMITS.maxImagePixels),
    variants: attempt(
      problems,
      "variants",
      () => {
        const raw = config.require("variants");
        try {
          parseVariants(raw, "variants");
        } catch (error) {
          // The handler's parser says what is wrong with which size; keep its words.
          problems.add("variants", error instanceof ConfigError ? error.message.replace(/^Invalid configuration: variants /, "") : String(error));
        }
        return raw;
      },
      "",
    ),
    jpegQuality: within("jpegQuality", HANDLER_LIMITS.jpegQuality),
    alertEmails: emails("alertEmails"),
    securityAlertEmails: emails("securityAlertEmails"),
    securityAlertSeverities: attempt(
      problems,
      "securityAlertSeverities",
      () => {
        const value = config.requireObject<unknown>("securityAlertSeverities");
        if (!Array.isArray(value) || value.length === 0 || value.some((v) => !SEVERITIES.includes(v as Severity))) {
          problems.add("securityAlertSeverities", `must be a non-empty list of ${SEVERITIES.join(", ")}, got ${JSON.stringify(value)}`);
          return [...SEVERITIES];
        }
        return value as Severity[];
      },
      [...SEVERITIES],
    ),
    criticalAlertEmails: emails("criticalAlertEmails"),
    requireSecurityAlertSubscribers: flag("requireSecurityAlertSubscribers"),
    exportGuardDutyFindings: flag("exportGuardDutyFindings"),
    dashboard: flag("dashboard"),
    storageAlarmBytes: wholeNumber("storageAlarmBytes", 1, 5 * 1024 ** 4),
    enableGuardDuty: flag("enableGuardDuty"),
    enableSecurityHub: flag("enableSecurityHub"),
    cisBenchmarkVersion: oneOf("cisBenchmarkVersion", CIS_BENCHMARK_VERSIONS, () => config.require("cisBenchmarkVersion") as CisBenchmarkVersion),
    enableConfig: flag("enableConfig"),
    accountServices: { guardDuty: { mode: "none" }, securityHub: { mode: "none" }, configRecorder: { mode: "none" } },
    enableCloudTrail: flag("enableCloudTrail"),
    pointInTimeRecovery: flag("pointInTimeRecovery"),
    tableDeletionProtection: flag("tableDeletionProtection"),
    vpcIsolation: flag("vpcIsolation"),
    malwareScan: flag("malwareScan"),
    uploaderPrincipals: principals("uploaderPrincipals"),
    readerPrincipals: principals("readerPrincipals"),
    operatorPrincipals: principals("operatorPrincipals"),
  };
  const text = (key: string): string => attempt(problems, key, () => config.get(key) ?? "", "");
  const account = accountServicesFromSettings({
    enableGuardDuty: settings.enableGuardDuty,
    guardDutyDetector: text("guardDutyDetector") || "create",
    guardDutyDetectorId: text("guardDutyDetectorId"),
    enableSecurityHub: settings.enableSecurityHub,
    securityHubAccount: text("securityHubAccount") || "create",
    enableConfig: settings.enableConfig,
    configRecorder: text("configRecorder") || "create",
    configRecorderName: text("configRecorderName"),
  });
  for (const [key, message] of account.problems) problems.add(key, message);
  const result: StackSettings = { ...settings, accountServices: account.services };
  if (settings.requireSecurityAlertSubscribers && settings.securityAlertEmails.length + settings.criticalAlertEmails.length === 0) {
    problems.add("requireSecurityAlertSubscribers", "is true but securityAlertEmails and criticalAlertEmails are both empty: name who receives security alerts");
  }
  if (settings.requireSecurityAlertSubscribers && !settings.securityAlertSeverities.includes("Critical") && settings.criticalAlertEmails.length === 0) {
    problems.add("requireSecurityAlertSubscribers", "is true but no one receives Critical alerts: add Critical to securityAlertSeverities or set criticalAlertEmails");
  }
  const region = new pulumi.Config("aws").get("region");
  const badRegion = region === undefined ? undefined : regionProblem(region);
  if (badRegion) problems.list.push(`aws:region ${badRegion}`);
  if (problems.list.length > 0) {
    throw new Error(`Invalid stack configuration:\n- ${problems.list.join("\n- ")}`);
  }
  return result;
}
