// Pulumi.yaml's defaults and stated ranges are the components' and the handler's own: the stack
// config declares them for the CLI, HANDLER_DEFAULTS / IMAGE_PROCESSOR_DEFAULTS / the limits
// modules hold them. A value changed in one place and not the other fails here.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { HANDLER_DEFAULTS, HANDLER_LIMITS } from "../../handlers/config";
import { ENCRYPTED_TABLE_DEFAULTS, IMAGE_PROCESSOR_DEFAULTS, SECURITY_BASELINE_DEFAULTS } from "../../components";
import { DYNAMODB_LIMITS, LAMBDA_LIMITS } from "../../components/aws-limits";

const project = yaml.load(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), "utf8")) as {
  config: Record<string, { default?: unknown; description?: string }>;
};

const DEFAULT_HOMES: [string, unknown][] = [
  ["lambdaMemoryMb", IMAGE_PROCESSOR_DEFAULTS.memoryMb],
  ["lambdaTimeoutSeconds", IMAGE_PROCESSOR_DEFAULTS.timeoutSeconds],
  ["lambdaReservedConcurrency", IMAGE_PROCESSOR_DEFAULTS.reservedConcurrency],
  ["lambdaArchitecture", IMAGE_PROCESSOR_DEFAULTS.architecture],
  ["lambdaSdk", IMAGE_PROCESSOR_DEFAULTS.sdk],
  ["lambdaErrorThreshold", IMAGE_PROCESSOR_DEFAULTS.errorThreshold],
  ["maximumEventAgeInSeconds", IMAGE_PROCESSOR_DEFAULTS.maximumEventAgeInSeconds],
  ["eventAgeAlarmPercent", IMAGE_PROCESSOR_DEFAULTS.eventAgeAlarmPercent],
  ["tableWriteCapacity", ENCRYPTED_TABLE_DEFAULTS.writeCapacity],
  ["logLevel", IMAGE_PROCESSOR_DEFAULTS.logLevel],
  ["logRetentionDays", IMAGE_PROCESSOR_DEFAULTS.logRetentionDays],
  ["auditLogRetentionDays", SECURITY_BASELINE_DEFAULTS.auditLogRetentionDays],
  ["storageAlarmBytes", SECURITY_BASELINE_DEFAULTS.storageAlarmBytes],
  ["recordTtlDays", HANDLER_DEFAULTS.recordTtlDays],
  ["maxImageBytes", HANDLER_DEFAULTS.maxImageBytes],
  ["maxImagePixels", HANDLER_DEFAULTS.maxImagePixels],
  ["variants", HANDLER_DEFAULTS.variants],
  ["jpegQuality", HANDLER_DEFAULTS.jpegQuality],
];

it.each(DEFAULT_HOMES)("Pulumi.yaml's default for %s is the code's default", (key, value) => {
  expect(project.config[key]?.default).toBe(value);
});

it("the component's handler limits are the handler's own defaults", () => {
  for (const key of ["maxImageBytes", "maxImagePixels", "variants", "jpegQuality", "recordTtlDays", "uploadPrefix", "processedPrefix"] as const) {
    expect(IMAGE_PROCESSOR_DEFAULTS[key]).toBe(HANDLER_DEFAULTS[key]);
  }
});

const STATED_RANGES: [string, { min: number; max: number }][] = [
  ["lambdaMemoryMb", LAMBDA_LIMITS.memoryMb],
  ["lambdaTimeoutSeconds", LAMBDA_LIMITS.timeoutSeconds],
  ["lambdaReservedConcurrency", LAMBDA_LIMITS.reservedConcurrency],
  ["maximumEventAgeInSeconds", LAMBDA_LIMITS.maximumEventAgeInSeconds],
  ["eventAgeAlarmPercent", { min: 1, max: 99 }],
  ["tableWriteCapacity", DYNAMODB_LIMITS.capacityUnits],
  ["recordTtlDays", HANDLER_LIMITS.recordTtlDays],
  ["maxImageBytes", HANDLER_LIMITS.maxImageBytes],
  ["jpegQuality", HANDLER_LIMITS.jpegQuality],
];

it.each(STATED_RANGES)("Pulumi.yaml's description of %s states the enforced range", (key, { min, max }) => {
  expect(project.config[key]?.description).toMatch(new RegExp(`\\(${min}(-| to )${max}\\b`));
});
