import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseVariants } from "../handlers/config";
import { SDK_SOURCES, type SdkSource } from "./handler-build";
import { LOG_RETENTION_DAYS } from "./image-processor";

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
  readonly storageAlarmBytes: number;
  readonly enableGuardDuty: boolean;
  readonly enableSecurityHub: boolean;
  readonly enableConfig: boolean;
  readonly enableCloudTrail: boolean;
  readonly pointInTimeRecovery: boolean;
  readonly tableDeletionProtection: boolean;
  readonly vpcIsolation: boolean;
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

  const settings: StackSettings = {
    lambdaMemoryMb: wholeNumber("lambdaMemoryMb", 128, 10240),
    lambdaTimeoutSeconds: wholeNumber("lambdaTimeoutSeconds", 1, 900),
    lambdaReservedConcurrency: wholeNumber("lambdaReservedConcurrency", 1, 1000),
    lambdaArchitecture: oneOf("lambdaArchitecture", ["arm64", "x86_64"] as const, () => config.require("lambdaArchitecture") as "arm64"),
    lambdaSdk: oneOf("lambdaSdk", SDK_SOURCES, () => config.require("lambdaSdk") as SdkSource),
    lambdaErrorThreshold: wholeNumber("lambdaErrorThreshold", 0, 100000),
    logLevel: oneOf("logLevel", ["DEBUG", "INFO", "WARN", "ERROR"] as const, () => config.require("logLevel") as "INFO"),
    objectExpirationDays: wholeNumber("objectExpirationDays", 1, 36500),
    logRetentionDays: oneOf("logRetentionDays", LOG_RETENTION_DAYS, () => config.requireNumber("logRetentionDays")),
    auditLogRetentionDays: oneOf("auditLogRetentionDays", LOG_RETENTION_DAYS, () => config.requireNumber("auditLogRetentionDays")),
    accessLogRetentionDays: wholeNumber("accessLogRetentionDays", 1, 36500),
    recordTtlDays: wholeNumber("recordTtlDays", 1, 3650),
    maxImageBytes: wholeNumber("maxImageBytes", 1024, 512 * 1024 * 1024),
    maxImagePixels: wholeNumber("maxImagePixels", 1, 500_000_000),
    variants: attempt(
      problems,
      "variants",
      () => {
        const raw = config.require("variants");
        try {
          parseVariants(raw, "variants");
        } catch (error) {
          // The handler's parser says what is wrong with which size; keep its words.
          problems.add("variants", (error instanceof ConfigError ? error.message.replace(/^Invalid configuration: variants /, "") : String(error)));
        }
        return raw;
      },
      "",
    ),
    jpegQuality: wholeNumber("jpegQuality", 1, 100),
    alertEmails: emails("alertEmails"),
    securityAlertEmails: emails("securityAlertEmails"),
    storageAlarmBytes: wholeNumber("storageAlarmBytes", 1, 5 * 1024 ** 4),
    enableGuardDuty: flag("enableGuardDuty"),
    enableSecurityHub: flag("enableSecurityHub"),
    enableConfig: flag("enableConfig"),
    enableCloudTrail: flag("enableCloudTrail"),
    pointInTimeRecovery: flag("pointInTimeRecovery"),
    tableDeletionProtection: flag("tableDeletionProtection"),
    vpcIsolation: flag("vpcIsolation"),
  };
  if (problems.list.length > 0) {
    throw new Error(`Invalid stack configuration:\n- ${problems.list.join("\n- ")}`);
  }
  return settings;
}
