import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { ENV, HANDLER_DEFAULTS, parseVariants } from "../handlers/config";
import { ArgumentConflicts, checkedPhysicalName, definedOnly } from "./arg-checks";
import { AwsContext, awsContext } from "./aws-context";
import { buildHandler, HandlerBuildOptions, SDK_SOURCES, type SdkSource } from "./handler-build";
import { describeWithSeverity, Severity } from "./alert-severity";
import { PolicyStatement, policyDocument, policyJson } from "./policy-document";

/** Subnets and security groups for VPC isolation (security policy 3.3). */
export interface ProcessorVpcConfig {
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ImageProcessorArgs {
  /** Bucket that receives uploads and holds processed images. */
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  /** Table for the processing records (`dynamodb:PutItem` only). */
  readonly tableName: pulumi.Input<string>;
  readonly tableArn: pulumi.Input<string>;
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
  readonly maxImageBytes?: number;
  readonly maxImagePixels?: number;
  /** Output sizes, e.g. `1024x1024,256x256` (validated with the handler's own parser). */
  readonly variants?: string;
  readonly jpegQuality?: number;
  /** Days the handler keeps a record (it sets `expiresAt`). Default 90 (security policy 4.1). */
  readonly recordTtlDays?: number;
  /** Powertools service name and metrics namespace. Default `image-pipeline` / `SecureImagePipeline`. */
  readonly serviceName?: string;
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
}

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

/**
 * Severities (security policy 6.1) of the function's alarms. Throttles stay at Low: with reserved
 * concurrency 1, two uploads at once already throttle (Lambda retries them), so a throttle is
 * queuing, not an outage. Failed uploads are High, like the errors that put them there.
 */
export const ERROR_ALARM_SEVERITY: Severity = "High";
export const THROTTLE_ALARM_SEVERITY: Severity = "Low";
export const FAILURE_QUEUE_ALARM_SEVERITY: Severity = "High";

/** Retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * EC2 actions Lambda needs to attach the function to a VPC (AWSLambdaVPCAccessExecutionRole's
 * list). The two Describe actions only accept `*`; the others are scoped to this account and
 * region's network interfaces and to the function's own subnets and security groups.
 */
export const VPC_DESCRIBE_ACTIONS = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"];
export const VPC_NETWORK_INTERFACE_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
];

/** The resolved ARNs the ENI statements are scoped to. */
export interface ProcessorVpcArns {
  /** `arn:<partition>:ec2:<region>:<account>:network-interface/*` */
  readonly networkInterfaceArn: string;
  readonly subnetArns: string[];
  readonly securityGroupArns: string[];
}

type ProcessorSettings = typeof IMAGE_PROCESSOR_DEFAULTS & Omit<ImageProcessorArgs, keyof typeof IMAGE_PROCESSOR_DEFAULTS>;

/** The resolved ARNs the role's policies are built from. */
export interface ProcessorArns {
  readonly bucketArn: string;
  readonly tableArn: string;
  readonly topicArn: string;
  readonly keyArn: string;
  readonly logGroupArn: string;
  readonly failureQueueArn: string;
  readonly uploadPrefix: string;
  readonly processedPrefix: string;
  /** Set only when the function runs in a VPC. */
  readonly vpc?: ProcessorVpcArns;
}

function vpcStatements(vpc: ProcessorVpcArns, sidPrefix: string): PolicyStatement[] {
  return [
    { Sid: `${sidPrefix}DescribeVpcNetwork`, Effect: "Allow", Action: VPC_DESCRIBE_ACTIONS, Resource: "*" },
    {
      Sid: `${sidPrefix}VpcNetworkInterfaces`,
      Effect: "Allow",
      Action: VPC_NETWORK_INTERFACE_ACTIONS,
      Resource: [vpc.networkInterfaceArn, ...vpc.subnetArns, ...vpc.securityGroupArns],
    },
  ];
}

/** The execution role's inline policy: exactly what the handler does, nothing else. */
export function processorPolicyStatements(a: ProcessorArns): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: `${a.bucketArn}/${a.uploadPrefix}*` },
    { Sid: "WriteProcessed", Effect: "Allow", Action: "s3:PutObject", Resource: `${a.bucketArn}/${a.processedPrefix}*` },
    { Sid: "PutRecords", Effect: "Allow", Action: "dynamodb:PutItem", Resource: a.tableArn },
    { Sid: "PublishNotifications", Effect: "Allow", Action: "sns:Publish", Resource: a.topicArn },
    { Sid: "UseDataKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: a.keyArn },
    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${a.logGroupArn}:*` },
    // Async-invocation destinations are sent with the execution role's permissions.
    { Sid: "SendFailedEvents", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.failureQueueArn },
  ];
  if (a.vpc) statements.push(...vpcStatements(a.vpc, "Manage"));
  return statements;
}

/**
 * The permissions boundary: security policy appendix C's maximum, so a later, broader inline
 * policy still cannot exceed it. Two additions, each required by a control of the same policy:
 * `sqs:SendMessage` to the failure queue (bounded retries need somewhere to put failed events)
 * and, only with VPC isolation, the ENI actions Lambda needs to join the VPC (3.3).
 */
export function processorBoundaryStatements(a: ProcessorArns): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "MaxS3Objects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: [`${a.bucketArn}/${a.uploadPrefix}*`, `${a.bucketArn}/${a.processedPrefix}*`],
    },
    { Sid: "MaxDynamoDbPutItem", Effect: "Allow", Action: "dynamodb:PutItem", Resource: a.tableArn },
    { Sid: "MaxSnsPublish", Effect: "Allow", Action: "sns:Publish", Resource: a.topicArn },
    { Sid: "MaxKmsDataKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: a.keyArn },
    {
      Sid: "MaxCloudWatchLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [a.logGroupArn, `${a.logGroupArn}:*`],
    },
    { Sid: "MaxSqsFailureQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.failureQueueArn },
  ];
  if (a.vpc) statements.push(...vpcStatements(a.vpc, "Max"));
  return statements;
}

// A trust policy names no Resource: IAM rejects one ("Has prohibited field Resource").
export const LAMBDA_TRUST_POLICY = policyDocument([
  { Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
]);

/** ARNs of the function's subnets, security groups and this account's network interfaces. */
function processorVpcArns(ctx: AwsContext, vpc: ProcessorVpcConfig): pulumi.Output<ProcessorVpcArns> {
  return pulumi
    .all([ctx.partition, ctx.region, ctx.accountId, vpc.subnetIds, vpc.securityGroupIds])
    .apply(([partition, region, account, subnetIds, securityGroupIds]) => {
      const ec2 = `arn:${partition}:ec2:${region}:${account}`;
      return {
        networkInterfaceArn: `${ec2}:network-interface/*`,
        subnetArns: subnetIds.map((id) => `${ec2}:subnet/${id}`),
        securityGroupArns: securityGroupIds.map((id) => `${ec2}:security-group/${id}`),
      };
    });
}

/**
 * The CallbackFunction's factory: runs once per container and returns the handler. Requiring
 * inside it keeps the serialized closure to one line (it captures only `entryModule`); the
 * handler's own modules and packages come from the archive, resolved against its root.
 */
export function handlerFactory(entryModule: string): () => (event: unknown, context: unknown) => Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return () => require(entryModule).handler;
}

/** Default physical function name: the logical name plus the stack, so stacks in one account differ. */
export function defaultFunctionName(name: string): string {
  return `${name}-${pulumi.getStack()}`;
}

/**
 * The image Lambda with its own least-privilege role, permissions boundary, encrypted log group,
 * failure queue, S3 trigger and alarms.
 */
export class ImageProcessor extends pulumi.ComponentResource {
  readonly function: aws.lambda.CallbackFunction<unknown, unknown>;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly failureQueue: aws.sqs.Queue;
  readonly functionName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  /** Errors, throttles and failure-queue alarms, in that order. */
  readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** Fires while failed uploads wait in the on-failure queue. */
  readonly failureAlarm: aws.cloudwatch.MetricAlarm;
  /** Powertools metrics namespace and service (dimension `service`) the handler emits under. */
  readonly metricsNamespace: string;
  readonly serviceName: string;

  constructor(name: string, args: ImageProcessorArgs, opts?: pulumi.ComponentResourceOptions) {
    const s: ProcessorSettings = { ...IMAGE_PROCESSOR_DEFAULTS, ...definedOnly(args) } as ProcessorSettings;
    const functionName = checkedPhysicalName("functionName", s.functionName ?? defaultFunctionName(name));
    const roleName = checkedPhysicalName("roleName", s.roleName ?? `${functionName}-role`);
    checkProcessorArgs(s);
    super("secure-image-pipeline:compute:ImageProcessor", name, {}, opts);
    const child = { parent: this };
    const ctx = awsContext(this);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${functionName}`, retentionInDays: s.logRetentionDays, kmsKeyId: s.kmsKeyArn },
      child,
    );
    this.failureQueue = new aws.sqs.Queue(
      `${name}-failures`,
      { kmsMasterKeyId: s.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: 14 * 24 * 3600 },
      child,
    );

    const vpcArns = s.vpc === undefined ? pulumi.output(undefined) : processorVpcArns(ctx, s.vpc);
    const arns = pulumi
      .all([s.bucketArn, s.tableArn, s.notificationTopicArn, s.kmsKeyArn, this.logGroup.arn, this.failureQueue.arn, vpcArns])
      .apply(([bucketArn, tableArn, topicArn, keyArn, logGroupArn, failureQueueArn, vpc]): ProcessorArns => ({
        bucketArn,
        tableArn,
        topicArn,
        keyArn,
        logGroupArn,
        failureQueueArn,
        uploadPrefix: s.uploadPrefix,
        processedPrefix: s.processedPrefix,
        ...(vpc === undefined ? {} : { vpc }),
      }));
    const boundary = new aws.iam.Policy(
      `${name}-boundary`,
      { description: `Permissions boundary for ${functionName}: security policy appendix C`, policy: arns.apply((a) => policyJson(policyDocument(processorBoundaryStatements(a)))) },
      child,
    );
    this.role = new aws.iam.Role(
      `${name}-role`,
      { name: roleName, assumeRolePolicy: policyJson(LAMBDA_TRUST_POLICY), permissionsBoundary: boundary.arn },
      child,
    );
    this.roleArn = this.role.arn;
    const inline = new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: this.role.id, policy: arns.apply((a) => policyJson(policyDocument(processorPolicyStatements(a)))) },
      child,
    );
    // Exclusive ownership: any managed policy or other inline policy attached later is removed on the next update.
    new aws.iam.RolePolicyAttachmentsExclusive(`${name}-no-managed-policies`, { roleName: this.role.name, policyArns: [] }, child);
    new aws.iam.RolePoliciesExclusive(`${name}-only-inline-policy`, { roleName: this.role.name, policyNames: [inline.name] }, child);

    const build = buildHandler({ ...s.handlerBuild, sdk: s.sdk });
    const buildDir = path.relative(process.cwd(), build.outDir);
    if (buildDir.startsWith("..") || path.isAbsolute(buildDir)) {
      throw new Error(`ImageProcessor: the handler build ${build.outDir} must be inside the working directory ${process.cwd()} to be packaged`);
    }
    const entryModule = `./${path.relative(process.cwd(), build.entryFile).split(path.sep).join("/")}`;
    this.function = new aws.lambda.CallbackFunction(
      `${name}-function`,
      {
        name: functionName,
        role: this.role,
        runtime: s.runtime,
        architectures: [s.architecture],
        memorySize: s.memoryMb,
        timeout: s.timeoutSeconds,
        reservedConcurrentExecutions: s.reservedConcurrency,
        kmsKeyArn: s.kmsKeyArn,
        environment: { variables: environmentVariables(s) },
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name, applicationLogLevel: s.logLevel, systemLogLevel: "WARN" },
        vpcConfig: s.vpc,
        callbackFactory: handlerFactory(entryModule),
        codePathOptions: {
          ...s.codePathOptions,
          extraIncludePaths: [...(s.codePathOptions?.extraIncludePaths ?? []), buildDir],
          extraExcludePackages: [...build.packages, ...build.runtimePackages, ...(s.codePathOptions?.extraExcludePackages ?? [])],
        },
      },
      { parent: this, dependsOn: [this.logGroup, inline] },
    );
    this.functionName = this.function.name;
    this.metricsNamespace = s.metricsNamespace;
    this.serviceName = s.serviceName;

    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-async`,
      {
        functionName: this.function.name,
        maximumRetryAttempts: s.maxRetryAttempts,
        maximumEventAgeInSeconds: 3600,
        destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
      },
      child,
    );
    const permission = new aws.lambda.Permission(
      `${name}-s3-invoke`,
      { action: "lambda:InvokeFunction", function: this.function.name, principal: "s3.amazonaws.com", sourceArn: s.bucketArn, sourceAccount: ctx.accountId },
      child,
    );
    new aws.s3.BucketNotification(
      `${name}-trigger`,
      { bucket: s.bucketName, lambdaFunctions: [{ lambdaFunctionArn: this.function.arn, events: ["s3:ObjectCreated:*"], filterPrefix: s.uploadPrefix }] },
      { parent: this, dependsOn: [permission] },
    );

    const alarm = (suffix: string, severity: Severity, description: string, metric: { namespace: string; metricName: string; statistic: string; dimensions: Record<string, pulumi.Input<string>> }, threshold: number) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        {
          alarmDescription: describeWithSeverity(severity, description),
          ...metric,
          period: 300,
          evaluationPeriods: 1,
          comparisonOperator: "GreaterThanThreshold",
          threshold,
          treatMissingData: "notBreaching",
          alarmActions: [s.alarmTopicArn],
        },
        child,
      );
    const lambdaMetric = (metricName: string) => ({ namespace: "AWS/Lambda", metricName, statistic: "Sum", dimensions: { FunctionName: this.function.name } });
    this.alarms = [
      alarm("errors", ERROR_ALARM_SEVERITY, `More than ${s.errorThreshold} errors in 5 minutes (security policy 3.4)`, lambdaMetric("Errors"), s.errorThreshold),
      alarm("throttles", THROTTLE_ALARM_SEVERITY, "Any throttle: uploads queued behind the reserved concurrency, or a flood of uploads (security policy 3.4)", lambdaMetric("Throttles"), 0),
      alarm(
        "failed-uploads",
        FAILURE_QUEUE_ALARM_SEVERITY,
        "Uploads failed after every retry and wait in the on-failure queue: read and replay them (scripts/replay-dlq.ts) within its 14-day retention",
        { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", statistic: "Maximum", dimensions: { QueueName: this.failureQueue.name } },
        0,
      ),
    ];
    this.failureAlarm = this.alarms[2];
    this.registerOutputs({ functionName: this.functionName, roleArn: this.roleArn, failureQueueArn: this.failureQueue.arn });
  }
}

function environmentVariables(s: ProcessorSettings): Record<string, pulumi.Input<string>> {
  return {
    [ENV.tableName]: s.tableName,
    [ENV.topicArn]: s.notificationTopicArn,
    [ENV.kmsKeyArn]: s.kmsKeyArn,
    [ENV.uploadPrefix]: s.uploadPrefix,
    [ENV.processedPrefix]: s.processedPrefix,
    [ENV.maxImageBytes]: String(s.maxImageBytes),
    [ENV.maxImagePixels]: String(s.maxImagePixels),
    [ENV.variants]: s.variants,
    [ENV.jpegQuality]: String(s.jpegQuality),
    [ENV.recordTtlDays]: String(s.recordTtlDays),
    POWERTOOLS_SERVICE_NAME: s.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: s.metricsNamespace,
    POWERTOOLS_LOG_LEVEL: s.logLevel,
  };
}

function checkProcessorArgs(s: ProcessorSettings): void {
  const checks = new ArgumentConflicts("ImageProcessor")
    .wholeNumber("memoryMb", s.memoryMb, 128, 10240)
    .wholeNumber("timeoutSeconds", s.timeoutSeconds, 1, 900)
    .wholeNumber("reservedConcurrency", s.reservedConcurrency, 1, 1000)
    .wholeNumber("errorThreshold", s.errorThreshold, 0, 100000)
    .wholeNumber("maxRetryAttempts", s.maxRetryAttempts, 0, 2)
    .wholeNumber("maxImageBytes", s.maxImageBytes, 1024, 512 * 1024 * 1024)
    .wholeNumber("maxImagePixels", s.maxImagePixels, 1, 500_000_000)
    .wholeNumber("jpegQuality", s.jpegQuality, 1, 100)
    .wholeNumber("recordTtlDays", s.recordTtlDays, 1, 3650)
    .check(!LOG_RETENTION_DAYS.includes(s.logRetentionDays), `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${s.logRetentionDays}`)
    .check(!SDK_SOURCES.includes(s.sdk), `sdk must be one of ${SDK_SOURCES.join(", ")}, got ${JSON.stringify(s.sdk)}`)
    .check(s.architecture !== "arm64" && s.architecture !== "x86_64", `architecture must be "arm64" or "x86_64", got "${s.architecture}"`)
    .check(!/^nodejs\d+\.x$/.test(s.runtime) || Number(/\d+/.exec(s.runtime)?.[0]) < 20, `runtime must be nodejs20.x or newer, got "${s.runtime}"`)
    .check(!s.uploadPrefix.endsWith("/") || !s.processedPrefix.endsWith("/"), "uploadPrefix and processedPrefix must end in \"/\"")
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
}
