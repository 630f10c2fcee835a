// The secure image pipeline: S3 uploads/ -> Lambda -> processed/ + DynamoDB record + SNS
// notification, all encrypted with customer-managed keys, plus the account's security baseline.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AlertTopic,
  EncryptedTable,
  EncryptionKey,
  ImageProcessor,
  IsolatedNetwork,
  SecureBucket,
  SecurityBaseline,
  baselineLogWriters,
  defaultFunctionName,
  defaultTrailName,
  readStackSettings,
} from "./components";
import { HANDLER_DEFAULTS } from "./handlers/config";

const settings = readStackSettings();
const stack = pulumi.getStack();
const { accountId } = aws.getCallerIdentityOutput();
const { partition } = aws.getPartitionOutput();
const { region } = aws.getRegionOutput();

// Physical names fixed up front: the key and topic policies name the role, and the log bucket
// policy names the trail, before those exist (each policy would otherwise wait on the other).
const processorFunctionName = defaultFunctionName("image-processor");
const processorRoleName = `${processorFunctionName}-role`;
const processorRoleArn = pulumi.interpolate`arn:${partition}:iam::${accountId}:role/${processorRoleName}`;
const trailName = defaultTrailName("security");

// The data key encrypts objects, logs, the trail, the queue and the notifications topic; only the
// Lambda role uses it for data, and no AWS service publishes to a topic under it.
const key = new EncryptionKey("pipeline", {
  aliasName: `secure-image-pipeline-${stack}`,
  dataKeyUserArns: [processorRoleArn],
  topicPublisherServices: [],
});
// The security-alerts topic has a key of its own: an alert that the data key was disabled or
// scheduled for deletion could never be delivered through a topic encrypted with that same key.
const alertsKey = new EncryptionKey("alerts", {
  aliasName: `secure-image-pipeline-alerts-${stack}`,
  description: "Encrypts the security-alerts topic, apart from the data key it alerts on",
  allowCloudWatchLogs: false,
  allowCloudTrail: false,
});

// The log bucket's policy names the images bucket as the only access-log source, but the images
// bucket logs into the log bucket: the deferred output breaks that construction-order loop (the
// resources themselves do not form a cycle).
const [imagesBucketArn, setImagesBucketArn] = pulumi.deferredOutput<string>();
const accessLogs = new SecureBucket("access-logs", {
  mode: "log",
  expirationDays: settings.accessLogRetentionDays,
  logWriters: [
    { id: "S3ServerAccessLogs", service: "logging.s3.amazonaws.com", keyPrefix: "s3-access/", sourceArns: [imagesBucketArn] },
    ...baselineLogWriters({
      trailArn: settings.enableCloudTrail ? pulumi.interpolate`arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}` : undefined,
      config: settings.enableConfig,
    }),
  ],
});
const images = new SecureBucket("images", {
  kmsKeyArn: key.arn,
  accessLogs: { bucketName: accessLogs.name, keyPrefix: "s3-access/images/" },
  expirationDays: settings.objectExpirationDays,
});
setImagesBucketArn(images.arn);

const records = new EncryptedTable("records", {
  pointInTimeRecovery: settings.pointInTimeRecovery,
  deletionProtection: settings.tableDeletionProtection,
});

const notifications = new AlertTopic("notifications", {
  kmsKeyArn: key.arn,
  publisherArns: [processorRoleArn],
  emailSubscriptions: settings.alertEmails,
});
const securityAlerts = new AlertTopic("security-alerts", {
  kmsKeyArn: alertsKey.arn,
  publisherServices: ["cloudwatch.amazonaws.com", "events.amazonaws.com"],
  emailSubscriptions: settings.securityAlertEmails,
});

const network = settings.vpcIsolation ? new IsolatedNetwork("network") : undefined;

const processor = new ImageProcessor("image-processor", {
  functionName: processorFunctionName,
  roleName: processorRoleName,
  bucketName: images.name,
  bucketArn: images.arn,
  tableName: records.name,
  tableArn: records.arn,
  notificationTopicArn: notifications.arn,
  alarmTopicArn: securityAlerts.arn,
  kmsKeyArn: key.arn,
  memoryMb: settings.lambdaMemoryMb,
  timeoutSeconds: settings.lambdaTimeoutSeconds,
  reservedConcurrency: settings.lambdaReservedConcurrency,
  architecture: settings.lambdaArchitecture,
  sdk: settings.lambdaSdk,
  logRetentionDays: settings.logRetentionDays,
  errorThreshold: settings.lambdaErrorThreshold,
  logLevel: settings.logLevel,
  maxImageBytes: settings.maxImageBytes,
  maxImagePixels: settings.maxImagePixels,
  variants: settings.variants,
  jpegQuality: settings.jpegQuality,
  recordTtlDays: settings.recordTtlDays,
  vpc: network ? { subnetIds: network.subnetIds, securityGroupIds: [network.securityGroupId] } : undefined,
});

const baseline = new SecurityBaseline(
  "security",
  {
    kmsKeyArn: key.arn,
    securityTopicArn: securityAlerts.arn,
    logBucketName: accessLogs.name,
    storageBucketName: images.name,
    auditLogRetentionDays: settings.auditLogRetentionDays,
    storageAlarmBytes: settings.storageAlarmBytes,
    enableCloudTrail: settings.enableCloudTrail,
    enableGuardDuty: settings.enableGuardDuty,
    enableSecurityHub: settings.enableSecurityHub,
    enableConfig: settings.enableConfig,
    trailName: settings.enableCloudTrail ? trailName : undefined,
  },
  // CloudTrail and Config check the log bucket policy when they are created.
  { dependsOn: [accessLogs] },
);

export const bucketName = images.name;
export const uploadPrefix = HANDLER_DEFAULTS.uploadPrefix;
export const processedPrefix = HANDLER_DEFAULTS.processedPrefix;
export const accessLogBucketName = accessLogs.name;
export const tableName = records.name;
export const notificationTopicArn = notifications.arn;
export const securityAlertsTopicArn = securityAlerts.arn;
export const functionName = processor.functionName;
export const failureQueueUrl = processor.failureQueue.url;
export const keyArn = key.arn;
export const keyAlias = key.alias.name;
export const alertsKeyArn = alertsKey.arn;
export const auditLogGroupName = baseline.auditLogGroup.name;
