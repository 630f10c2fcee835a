// ImageProcessor's arguments, their defaults and the checks on the merged settings.
import * as pulumi from "@pulumi/pulumi";
import { ENV, HANDLER_DEFAULTS, HANDLER_LIMITS, parseVariants } from "../handlers/config";
import { ArgumentConflicts } from "./arg-checks";
import { LAMBDA_LIMITS, LOG_RETENTION_DAYS } from "./aws-limits";
import { HandlerBuildOptions, SDK_SOURCES, type SdkSource } from "./handler-build";

/** Subnets and security groups for VPC isolation (security policy 3.3). */
export interface ProcessorVpcConfig {
  /** Private subnets the function's network interfaces go in; the ENI statements are scoped to them. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups of those interfaces; the ENI statements are scoped to them too. */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** A resource given by reference: anything with its physical `name` and its `arn`. */
export interface ResourceRef {
  /** Physical name (bucket name, table name). */
  readonly name: pulumi.Input<string>;
  /** Its ARN. */
  readonly arn: pulumi.Input<string>;
}

/** The bucket and table an ImageProcessor works on, whichever form the caller gave them in. */
export interface ProcessorTargets {
  readonly bucket: ResourceRef;
  readonly table: ResourceRef;
}

/** One of the two forms of a resource option, the reference or the name/ARN pair; records a problem for both, neither or half a pair. */
function oneForm(
  checks: ArgumentConflicts,
  option: string,
  ref: ResourceRef | undefined,
  name: pulumi.Input<string> | undefined,
  arn: pulumi.Input<string> | undefined,
): ResourceRef {
  const pair = `${option}Name and ${option}Arn`;
  checks
    .check(ref !== undefined && (name !== undefined || arn !== undefined), `${option} and ${pair} are two forms of one option: pass only one`)
    .check(ref === undefined && name === undefined && arn === undefined, `${option} is required: pass ${option} ({ name, arn } or the resource) or ${pair}`)
    .check(ref === undefined && (name === undefined) !== (arn === undefined), `${pair} go together: pass both`);
  return ref ?? { name: name ?? "", arn: arn ?? "" };
}

/** What an ImageProcessor processes and where it reports; every optional field has a secure default in IMAGE_PROCESSOR_DEFAULTS. */
export interface ImageProcessorArgs {
  /**
   * The bucket that receives uploads and holds processed images, by reference: a SecureBucket or
   * any `{ name, arn }`. The role reads `<uploadPrefix>*` and writes `<processedPrefix>*` under it,
   * nothing else. Give either this or `bucketName` + `bucketArn`, not both.
   */
  readonly bucket?: ResourceRef;
  /** The bucket's name, with `bucketArn` (the form before `bucket`; still accepted). */
  readonly bucketName?: pulumi.Input<string>;
  /** The bucket's ARN, with `bucketName`. */
  readonly bucketArn?: pulumi.Input<string>;
  /**
   * The table for the processing records, by reference: an EncryptedTable, an `aws.dynamodb.Table`
   * or any `{ name, arn }`. The role gets `dynamodb:PutItem` on it only; the handler gets its name.
   * Give either this or `tableName` + `tableArn`, not both.
   */
  readonly table?: ResourceRef;
  /** The table's name, with `tableArn` (the form before `table`; still accepted). */
  readonly tableName?: pulumi.Input<string>;
  /** The table's ARN, with `tableName`. */
  readonly tableArn?: pulumi.Input<string>;
  /** Topic the handler notifies after each image (`sns:Publish` only). */
  readonly notificationTopicArn: pulumi.Input<string>;
  /** Topic the alarms (errors, throttles, failure queue) notify; each alarm names its severity. */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** CMK for env vars, the log group, the failure queue and the SSE-KMS objects. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Physical function name; the log group is `/aws/lambda/<functionName>`. Default `<name>-<stack>`. */
  readonly functionName?: string;
  /** Physical role name, so the key policy can name the role before it exists. Default `<functionName>-role`. */
  readonly roleName?: string;
  /** Key prefix that triggers the function. Default `uploads/`. */
  readonly uploadPrefix?: string;
  /** Key prefix for outputs. Default `processed/`. */
  readonly processedPrefix?: string;
  /** Default 512 MB: decodes of 40 MP images fit with room for the resize buffers. */
  readonly memoryMb?: number;
  /** Default 60 s. */
  readonly timeoutSeconds?: number;
  /** Reserved concurrency. Default 1: caps cost and blast radius (security policy 4.1). */
  readonly reservedConcurrency?: number;
  /** Default `arm64` (cheaper per GB-second). */
  readonly architecture?: "arm64" | "x86_64";
  /** Lambda runtime. Default `nodejs22.x`. */
  readonly runtime?: string;
  /** Lambda log retention. Default 30 days (security policy 3.4). */
  readonly logRetentionDays?: number;
  /** Errors alarm threshold over 5 minutes. Default 5 (security policy 3.4). */
  readonly errorThreshold?: number;
  /** Async retries before the event goes to the failure queue, 0-2. Default 2. */
  readonly maxRetryAttempts?: number;
  /**
   * How long an upload's event may wait in Lambda's asynchronous queue before it goes to the
   * failure queue, 60-21600 s. Default 21600 (6 hours, AWS's own maximum): the backlog a
   * configuration absorbs without loss grows faster than the age itself (the figures are in
   * docs/capacity.md, from `npm run capacity`), and the AsyncEventAge alarm turns the wait into
   * warning time.
   */
  readonly maximumEventAgeInSeconds?: number;
  /**
   * The AsyncEventAge alarm fires when the oldest event invoked in 5 minutes waited longer than
   * this percentage of `maximumEventAgeInSeconds`, 1-99. Default 50: warning half the maximum
   * age before the first upload would expire.
   */
  readonly eventAgeAlarmPercent?: number;
  /** Largest upload the handler decodes, in bytes; larger ones are rejected unread. Default `HANDLER_DEFAULTS.maxImageBytes` (25 MiB). */
  readonly maxImageBytes?: number;
  /** Largest width x height the handler decodes; bounds memory per upload. Default `HANDLER_DEFAULTS.maxImagePixels` (40 MP, fits 512 MB). */
  readonly maxImagePixels?: number;
  /** Output sizes, e.g. `1024x1024,256x256` (validated with the handler's own parser). */
  readonly variants?: string;
  /** JPEG quality of the variants, 1-100. Default `HANDLER_DEFAULTS.jpegQuality` (80). */
  readonly jpegQuality?: number;
  /** Days the handler keeps a record (it sets `expiresAt`). Default 90 (security policy 4.1). */
  readonly recordTtlDays?: number;
  /** Powertools service name and metrics namespace. Default `image-pipeline` / `SecureImagePipeline`. */
  readonly serviceName?: string;
  /** Powertools metrics namespace the handler's metrics go to. Default `SecureImagePipeline`. */
  readonly metricsNamespace?: string;
  /** Powertools log level. Default `INFO`. */
  readonly logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
  /** Run inside these subnets; the role then also gets the ENI actions Lambda needs. Default: no VPC. */
  readonly vpc?: ProcessorVpcConfig;
  /**
   * Where the AWS SDK v3 clients come from. Default `bundled`: the pinned, tested clients travel
   * inside the bundle. `runtime` leaves them out and uses the Lambda runtime's copy (a smaller
   * archive whose SDK version AWS may change under you). See docs/packaging.md.
   */
  readonly sdk?: SdkSource;
  /**
   * Where the handler's code lives and where it is built. Default: this repository's `handlers/`
   * bundled into `.build/handler/`; from the installed package, its prebuilt bundle copied to
   * `.build/handler/` under the directory Pulumi runs in (see `HandlerBuildOptions`).
   */
  readonly handlerBuild?: HandlerBuildOptions;
  /**
   * Extra packaging options. The handler build directory is always added to `extraIncludePaths`;
   * every package the bundle contains (and, with `sdk: "runtime"`, every package it takes from the
   * runtime) is added to `extraExcludePackages`, so the archive holds the bundle, not node_modules.
   */
  readonly codePathOptions?: pulumi.runtime.CodePathOptions;
  /**
   * What starts processing. `s3-notification` (default): the bucket's ObjectCreated notification
   * under `uploadPrefix` invokes the function. `malware-scan`: no S3 trigger; the function accepts
   * only GuardDuty Malware Protection scan results for the bucket, which a `MalwareScanGate`
   * delivers through EventBridge for clean objects.
   */
  readonly uploadTrigger?: "s3-notification" | "malware-scan";
}

/** Defaults of ImageProcessorArgs; the handler limits come from the handler's own HANDLER_DEFAULTS. */
export const IMAGE_PROCESSOR_DEFAULTS = {
  uploadPrefix: HANDLER_DEFAULTS.uploadPrefix,
  processedPrefix: HANDLER_DEFAULTS.processedPrefix,
  memoryMb: 512,
  timeoutSeconds: 60,
  reservedConcurrency: 1,
  architecture: "arm64",
  runtime: "nodejs22.x",
  logRetentionDays: 30,
  errorThreshold: 5,
  maxRetryAttempts: 2,
  maximumEventAgeInSeconds: 21600,
  eventAgeAlarmPercent: 50,
  maxImageBytes: HANDLER_DEFAULTS.maxImageBytes,
  maxImagePixels: HANDLER_DEFAULTS.maxImagePixels,
  variants: HANDLER_DEFAULTS.variants,
  jpegQuality: HANDLER_DEFAULTS.jpegQuality,
  recordTtlDays: HANDLER_DEFAULTS.recordTtlDays,
  serviceName: "image-pipeline",
  metricsNamespace: "SecureImagePipeline",
  logLevel: "INFO",
  sdk: "bundled" as SdkSource,
} as const;

/** The arguments merged over the defaults. */
export type ProcessorSettings = typeof IMAGE_PROCESSOR_DEFAULTS & Omit<ImageProcessorArgs, keyof typeof IMAGE_PROCESSOR_DEFAULTS>;

/** The handler's configuration, passed as environment variables (names from handlers/config.ts). */
export function environmentVariables(s: ProcessorSettings, targets: ProcessorTargets): Record<string, pulumi.Input<string>> {
  return {
    [ENV.tableName]: targets.table.name,
    [ENV.topicArn]: s.notificationTopicArn,
    [ENV.kmsKeyArn]: s.kmsKeyArn,
    [ENV.uploadPrefix]: s.uploadPrefix,
    [ENV.processedPrefix]: s.processedPrefix,
    [ENV.maxImageBytes]: String(s.maxImageBytes),
    [ENV.maxImagePixels]: String(s.maxImagePixels),
    [ENV.variants]: s.variants,
    [ENV.jpegQuality]: String(s.jpegQuality),
    [ENV.recordTtlDays]: String(s.recordTtlDays),
    ...(s.uploadTrigger === "malware-scan" ? { [ENV.malwareScanBucket]: targets.bucket.name } : {}),
    POWERTOOLS_SERVICE_NAME: s.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: s.metricsNamespace,
    POWERTOOLS_LOG_LEVEL: s.logLevel,
  };
}

/** Every invalid argument, reported together; returns the bucket and table in one form. */
export function checkProcessorArgs(s: ProcessorSettings): ProcessorTargets {
  const checks = new ArgumentConflicts("ImageProcessor");
  const targets = { bucket: oneForm(checks, "bucket", s.bucket, s.bucketName, s.bucketArn), table: oneForm(checks, "table", s.table, s.tableName, s.tableArn) };
  checks
    .within("memoryMb", s.memoryMb, LAMBDA_LIMITS.memoryMb)
    .within("timeoutSeconds", s.timeoutSeconds, LAMBDA_LIMITS.timeoutSeconds)
    .within("reservedConcurrency", s.reservedConcurrency, LAMBDA_LIMITS.reservedConcurrency)
    .wholeNumber("errorThreshold", s.errorThreshold, 0, 100000)
    .within("maxRetryAttempts", s.maxRetryAttempts, LAMBDA_LIMITS.maxRetryAttempts)
    .within("maximumEventAgeInSeconds", s.maximumEventAgeInSeconds, LAMBDA_LIMITS.maximumEventAgeInSeconds)
    .wholeNumber("eventAgeAlarmPercent", s.eventAgeAlarmPercent, 1, 99)
    .within("maxImageBytes", s.maxImageBytes, HANDLER_LIMITS.maxImageBytes)
    .within("maxImagePixels", s.maxImagePixels, HANDLER_LIMITS.maxImagePixels)
    .within("jpegQuality", s.jpegQuality, HANDLER_LIMITS.jpegQuality)
    .within("recordTtlDays", s.recordTtlDays, HANDLER_LIMITS.recordTtlDays)
    .check(!LOG_RETENTION_DAYS.includes(s.logRetentionDays), `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${s.logRetentionDays}`)
    .check(!SDK_SOURCES.includes(s.sdk), `sdk must be one of ${SDK_SOURCES.join(", ")}, got ${JSON.stringify(s.sdk)}`)
    .check(s.architecture !== "arm64" && s.architecture !== "x86_64", `architecture must be "arm64" or "x86_64", got "${s.architecture}"`)
    .check(!/^nodejs\d+\.x$/.test(s.runtime) || Number(/\d+/.exec(s.runtime)?.[0]) < 20, `runtime must be nodejs20.x or newer, got "${s.runtime}"`)
    .check(!s.uploadPrefix.endsWith("/") || !s.processedPrefix.endsWith("/"), 'uploadPrefix and processedPrefix must end in "/"')
    .check(
      s.uploadTrigger !== undefined && s.uploadTrigger !== "s3-notification" && s.uploadTrigger !== "malware-scan",
      `uploadTrigger must be "s3-notification" or "malware-scan", got ${JSON.stringify(s.uploadTrigger)}`,
    )
    .check(
      s.uploadPrefix.startsWith(s.processedPrefix) || s.processedPrefix.startsWith(s.uploadPrefix),
      `uploadPrefix "${s.uploadPrefix}" and processedPrefix "${s.processedPrefix}" must not overlap: outputs would trigger the function again`,
    );
  try {
    parseVariants(s.variants, "variants");
  } catch (error) {
    checks.check(true, (error as Error).message);
  }
  checks.throwIfAny();
  return targets;
}
