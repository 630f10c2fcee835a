import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { checkedPhysicalName, definedOnly } from "./arg-checks";
import { AwsContext, awsContext } from "./aws-context";
import { buildHandler } from "./handler-build";
import { describeWithSeverity, Severity } from "./alert-severity";
import { policyDocument, policyJson } from "./policy-document";
import { queuePolicyStatements } from "./queue-policy";
import {
  checkProcessorArgs,
  environmentVariables,
  IMAGE_PROCESSOR_DEFAULTS,
  type ImageProcessorArgs,
  type ProcessorSettings,
  type ProcessorVpcConfig,
} from "./image-processor-args";
import { LAMBDA_TRUST_POLICY, processorBoundaryStatements, processorPolicyStatements, type ProcessorArns, type ProcessorVpcArns } from "./image-processor-iam";

// The arguments and the IAM builders live in their own modules; these names stay importable from here.
export { IMAGE_PROCESSOR_DEFAULTS, type ImageProcessorArgs, type ProcessorVpcConfig, type ResourceRef } from "./image-processor-args";
export {
  LAMBDA_TRUST_POLICY,
  processorBoundaryStatements,
  processorPolicyStatements,
  VPC_DESCRIBE_ACTIONS,
  VPC_NETWORK_INTERFACE_ACTIONS,
  type ProcessorArns,
  type ProcessorVpcArns,
} from "./image-processor-iam";

/**
 * Severities (security policy 6.1) of the function's alarms. Throttles stay at Low: with reserved
 * concurrency 1, two uploads at once already throttle (Lambda retries them), so a throttle is
 * queuing, not an outage. Failed uploads are High, like the errors that put them there.
 */
export const ERROR_ALARM_SEVERITY: Severity = "High";
export const THROTTLE_ALARM_SEVERITY: Severity = "Low";
export const FAILURE_QUEUE_ALARM_SEVERITY: Severity = "High";
/**
 * Uploads waiting longer than the alarm's share of the maximum event age: a backlog that will
 * start losing uploads unless it drains; Medium, an early warning with hours to act. A dropped
 * event is an upload not processed: High, like the failed uploads it becomes.
 */
export const EVENT_AGE_ALARM_SEVERITY: Severity = "Medium";
export const DROPPED_EVENTS_ALARM_SEVERITY: Severity = "High";

/** ARNs of the function's subnets, security groups and this account's network interfaces. */
function processorVpcArns(ctx: AwsContext, vpc: ProcessorVpcConfig): pulumi.Output<ProcessorVpcArns> {
  return pulumi.all([ctx.partition, ctx.region, ctx.accountId, vpc.subnetIds, vpc.securityGroupIds]).apply(([partition, region, account, subnetIds, securityGroupIds]) => {
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
  /** The failure queue's policy: requests without TLS are refused. */
  readonly failureQueuePolicy: aws.sqs.QueuePolicy;
  readonly functionName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  /** Errors, throttles, failure-queue, event-age and dropped-events alarms, in that order. */
  readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** Fires while failed uploads wait in the on-failure queue. */
  readonly failureAlarm: aws.cloudwatch.MetricAlarm;
  /** Fires when an invoked event had waited longer than `eventAgeAlarmPercent` of the maximum event age (AsyncEventAge). */
  readonly eventAgeAlarm: aws.cloudwatch.MetricAlarm;
  /** Fires when Lambda dropped any event: expired or out of retries (AsyncEventsDropped). */
  readonly droppedEventsAlarm: aws.cloudwatch.MetricAlarm;
  /** Powertools metrics namespace and service (dimension `service`) the handler emits under. */
  readonly metricsNamespace: string;
  readonly serviceName: string;

  constructor(name: string, args: ImageProcessorArgs, opts?: pulumi.ComponentResourceOptions) {
    const s: ProcessorSettings = { ...IMAGE_PROCESSOR_DEFAULTS, ...definedOnly(args) } as ProcessorSettings;
    const functionName = checkedPhysicalName("functionName", s.functionName ?? defaultFunctionName(name));
    const roleName = checkedPhysicalName("roleName", s.roleName ?? `${functionName}-role`);
    const targets = checkProcessorArgs(s);
    super("secure-image-pipeline:compute:ImageProcessor", name, {}, opts);
    const child = { parent: this };
    const ctx = awsContext(this);

    this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: `/aws/lambda/${functionName}`, retentionInDays: s.logRetentionDays, kmsKeyId: s.kmsKeyArn }, child);
    this.failureQueue = new aws.sqs.Queue(`${name}-failures`, { kmsMasterKeyId: s.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: 14 * 24 * 3600 }, child);
    this.failureQueuePolicy = new aws.sqs.QueuePolicy(
      `${name}-failures-policy`,
      { queueUrl: this.failureQueue.url, policy: this.failureQueue.arn.apply((arn) => policyJson(policyDocument(queuePolicyStatements(arn)))) },
      child,
    );

    const vpcArns = s.vpc === undefined ? pulumi.output(undefined) : processorVpcArns(ctx, s.vpc);
    const arns = pulumi
      .all([targets.bucket.arn, targets.table.arn, s.notificationTopicArn, s.kmsKeyArn, this.logGroup.arn, this.failureQueue.arn, vpcArns])
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
      {
        description: `Permissions boundary for ${functionName}: security policy appendix C`,
        policy: arns.apply((a) => policyJson(policyDocument(processorBoundaryStatements(a)))),
      },
      child,
    );
    this.role = new aws.iam.Role(`${name}-role`, { name: roleName, assumeRolePolicy: policyJson(LAMBDA_TRUST_POLICY), permissionsBoundary: boundary.arn }, child);
    this.roleArn = this.role.arn;
    const inline = new aws.iam.RolePolicy(`${name}-policy`, { role: this.role.id, policy: arns.apply((a) => policyJson(policyDocument(processorPolicyStatements(a)))) }, child);
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
        environment: { variables: environmentVariables(s, targets) },
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
        maximumEventAgeInSeconds: s.maximumEventAgeInSeconds,
        destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
      },
      child,
    );
    // Behind the malware-scan gate, EventBridge invokes the function for clean scan results instead.
    if (s.uploadTrigger !== "malware-scan") {
      const permission = new aws.lambda.Permission(
        `${name}-s3-invoke`,
        { action: "lambda:InvokeFunction", function: this.function.name, principal: "s3.amazonaws.com", sourceArn: targets.bucket.arn, sourceAccount: ctx.accountId },
        child,
      );
      new aws.s3.BucketNotification(
        `${name}-trigger`,
        { bucket: targets.bucket.name, lambdaFunctions: [{ lambdaFunctionArn: this.function.arn, events: ["s3:ObjectCreated:*"], filterPrefix: s.uploadPrefix }] },
        { parent: this, dependsOn: [permission] },
      );
    }

    const alarm = (
      suffix: string,
      severity: Severity,
      description: string,
      metric: { namespace: string; metricName: string; statistic: string; dimensions: Record<string, pulumi.Input<string>> },
      threshold: number,
    ) =>
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
      alarm(
        "throttles",
        THROTTLE_ALARM_SEVERITY,
        "Any throttle: uploads queued behind the reserved concurrency, or a flood of uploads (security policy 3.4)",
        lambdaMetric("Throttles"),
        0,
      ),
      alarm(
        "failed-uploads",
        FAILURE_QUEUE_ALARM_SEVERITY,
        "Uploads failed after every retry and wait in the on-failure queue: read and replay them (scripts/replay-dlq.ts) within its 14-day retention",
        { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", statistic: "Maximum", dimensions: { QueueName: this.failureQueue.name } },
        0,
      ),
    ];
    this.failureAlarm = this.alarms[2];
    // AsyncEventAge is in milliseconds; Maximum over the period catches the oldest event invoked.
    const ageThresholdSeconds = (s.maximumEventAgeInSeconds * s.eventAgeAlarmPercent) / 100;
    this.eventAgeAlarm = alarm(
      "event-age",
      EVENT_AGE_ALARM_SEVERITY,
      `An upload waited over ${ageThresholdSeconds} s in Lambda's async queue (${s.eventAgeAlarmPercent}% of the ${s.maximumEventAgeInSeconds} s maximum event age): uploads will expire to the failure queue unless the backlog drains (runbook: npm run capacity -- --backlog)`,
      { ...lambdaMetric("AsyncEventAge"), statistic: "Maximum" },
      ageThresholdSeconds * 1000,
    );
    this.droppedEventsAlarm = alarm(
      "dropped-events",
      DROPPED_EVENTS_ALARM_SEVERITY,
      "Lambda dropped upload events (maximum event age reached or retries exhausted): each went to the failure queue; replay them after fixing the cause",
      lambdaMetric("AsyncEventsDropped"),
      0,
    );
    this.alarms.push(this.eventAgeAlarm, this.droppedEventsAlarm);
    this.registerOutputs({ functionName: this.functionName, roleArn: this.roleArn, failureQueueArn: this.failureQueue.arn });
  }
}
