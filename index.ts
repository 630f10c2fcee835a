// The secure image pipeline: S3 uploads/ -> Lambda -> processed/ + DynamoDB record + SNS
// notification, all encrypted with customer-managed keys, plus the account's security baseline.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AlertTopic,
  EncryptedTable,
  EncryptionKey,
  CLIENT_KEY_USE,
  CLIENT_ROLE_KINDS,
  ImageProcessor,
  IsolatedNetwork,
  PipelineAccess,
  PipelineDashboard,
  SecureBucket,
  REPROCESS_KEY_USE,
  ReprocessJobRole,
  SecurityBaseline,
  type SeverityRoute,
  CLOUDTRAIL_PREFIX,
  baselineLogWriters,
  defaultFunctionName,
  defaultTrailName,
  guardDutyExportStatements,
  accountDetectorArnPattern,
} from "./components";
import { configDeliveryRolePattern } from "./components/audit-objects";
import { MALWARE_SCAN_KEY_USE, MalwareScanGate, malwareScanBucketStatements } from "./components/malware-scan-gate";
import { keyAliasNames, readStackSettings } from "./components/stack-config";
import { HANDLER_DEFAULTS } from "./handlers/config";

const GUARDDUTY_FINDINGS_PREFIX = "guardduty/";

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
const reprocessRoleName = `${processorFunctionName}-reprocess`;
const reprocessRoleArnByName = pulumi.interpolate`arn:${partition}:iam::${accountId}:role/${reprocessRoleName}`;
const trailName = defaultTrailName("security");
// The client roles (uploader, reader, operator) likewise: the data key's policy names them.
const clientRoleNames = {
  uploader: `secure-image-pipeline-uploader-${stack}`,
  reader: `secure-image-pipeline-reader-${stack}`,
  operator: `secure-image-pipeline-operator-${stack}`,
};
const clientRoleArn = (roleName: string) => pulumi.interpolate`arn:${partition}:iam::${accountId}:role/${roleName}`;
const aliases = keyAliasNames(stack);
// The malware-scan gate's role, named up front: the key and bucket policies name it.
const malwareScanRoleArn = settings.malwareScan ? clientRoleArn(`secure-image-pipeline-malware-scan-${stack}`) : undefined;
// GuardDuty findings are exported under the data key into the findings bucket. The key and bucket
// policies name the account's detector by its ARN pattern, known before any detector exists: the
// region's one detector, created by this stack or already there. The data key, and everything
// encrypted under it, never waits on the detector, the hub or the recorder.
const exportFindings = settings.accountServices.guardDuty.mode !== "none" && settings.exportGuardDutyFindings;
const detectorArn = accountDetectorArnPattern(partition, region, accountId);

// The data key encrypts objects, logs, the trail, the queue, the notifications topic and the
// alerts about the alerts key. The Lambda role uses it directly; the client roles only through
// S3 or SQS; EventBridge only to publish the alerts key's state changes (key-alerts topic).
const key = new EncryptionKey("pipeline", {
  aliasName: aliases.data,
  dataKeyUserArns: [processorRoleArn],
  viaServiceUsers: [
    ...CLIENT_ROLE_KINDS.map((kind) => ({
      id: `${kind[0].toUpperCase()}${kind.slice(1)}Role`,
      principalArns: [clientRoleArn(clientRoleNames[kind])],
      ...CLIENT_KEY_USE[kind],
    })),
    // The reprocess job reads its manifest and writes its report under the bucket's key, via S3 only.
    { id: "ReprocessRole", principalArns: [reprocessRoleArnByName], ...REPROCESS_KEY_USE },
    ...(malwareScanRoleArn
      ? [{ id: "MalwareScanRole", principalArns: [malwareScanRoleArn], actions: [...MALWARE_SCAN_KEY_USE.actions], viaServices: [...MALWARE_SCAN_KEY_USE.viaServices] }]
      : []),
  ],
  topicPublisherServices: ["events.amazonaws.com"],
  allowLambdaEnvironments: true,
  guardDutyDetectorArns: exportFindings ? [detectorArn] : [],
});
// The security-alerts topic has a key of its own: an alert that the data key was disabled or
// scheduled for deletion could never be delivered through a topic encrypted with that same key.
const alertsKey = new EncryptionKey("alerts", {
  aliasName: aliases.alerts,
  description: "Encrypts the security-alerts topic, apart from the data key it alerts on",
  allowCloudWatchLogs: false,
  allowCloudTrail: false,
});

// The log bucket's policy names the images bucket as the only access-log source, but the images
// bucket logs into the log bucket: the deferred output breaks that construction-order loop (the
// resources themselves do not form a cycle).
const [imagesBucketArn, setImagesBucketArn] = pulumi.deferredOutput<string>();
const [findingsBucketArn, setFindingsBucketArn] = pulumi.deferredOutput<string>();
const accessLogs = new SecureBucket("access-logs", {
  mode: "log",
  expirationDays: settings.accessLogRetentionDays,
  // Audit records: besides the services below, only AWS Config's delivery role may write.
  auditObjects: {
    writerRoleArns:
      settings.accountServices.configRecorder.mode === "create" ? [pulumi.all([partition, accountId]).apply(([p, a]) => configDeliveryRolePattern("security", p, a))] : [],
  },
  logWriters: [
    {
      id: "S3ServerAccessLogs",
      service: "logging.s3.amazonaws.com",
      keyPrefix: "s3-access/",
      sourceArns: exportFindings ? [imagesBucketArn, findingsBucketArn] : [imagesBucketArn],
    },
    ...baselineLogWriters({
      trailArn: settings.enableCloudTrail ? pulumi.interpolate`arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}` : undefined,
    }),
  ],
});
const images = new SecureBucket("images", {
  kmsKeyArn: key.arn,
  accessLogs: { bucketName: accessLogs.name, keyPrefix: "s3-access/images/" },
  expirationDays: settings.objectExpirationDays,
  extraPolicyStatements: malwareScanRoleArn ? (bucketArn) => malwareScanBucketStatements(bucketArn, HANDLER_DEFAULTS.uploadPrefix, malwareScanRoleArn) : undefined,
});
setImagesBucketArn(images.arn);
// Kept without expiry: the security policy keeps GuardDuty findings indefinitely (3.4).
const findings = exportFindings
  ? new SecureBucket("findings", {
      kmsKeyArn: key.arn,
      accessLogs: { bucketName: accessLogs.name, keyPrefix: "s3-access/findings/" },
      retainIndefinitely: true,
      // Audit records too: only GuardDuty writes, nobody deletes.
      auditObjects: {},
      extraPolicyStatements: (bucketArn, account) => guardDutyExportStatements(bucketArn, GUARDDUTY_FINDINGS_PREFIX, account, detectorArn),
    })
  : undefined;
if (findings) setFindingsBucketArn(findings.arn);

const records = new EncryptedTable("records", {
  writeCapacity: settings.tableWriteCapacity,
  pointInTimeRecovery: settings.pointInTimeRecovery,
  deletionProtection: settings.tableDeletionProtection,
});

const notifications = new AlertTopic("notifications", {
  kmsKeyArn: key.arn,
  publisherArns: [processorRoleArn],
  emailSubscriptions: settings.alertEmails,
});
// Critical alerts can also reach people of their own (e.g. a pager address), on either alert topic.
const criticalRoutes: SeverityRoute[] = settings.criticalAlertEmails.length > 0 ? [{ name: "critical", emails: settings.criticalAlertEmails, severities: ["Critical"] }] : [];
const securityAlerts = new AlertTopic("security-alerts", {
  kmsKeyArn: alertsKey.arn,
  publisherServices: ["cloudwatch.amazonaws.com", "events.amazonaws.com"],
  emailSubscriptions: settings.securityAlertEmails,
  emailSeverities: settings.securityAlertSeverities,
  severityRoutes: criticalRoutes,
});

// Alerts about the alerts key travel under the data key: disabling either key leaves a working
// topic to say so.
const keyAlerts = new AlertTopic("key-alerts", {
  kmsKeyArn: key.arn,
  publisherServices: ["events.amazonaws.com"],
  emailSubscriptions: settings.securityAlertEmails,
  emailSeverities: settings.securityAlertSeverities,
  severityRoutes: criticalRoutes,
});

const network = settings.vpcIsolation ? new IsolatedNetwork("network") : undefined;

const processor = new ImageProcessor("image-processor", {
  functionName: processorFunctionName,
  roleName: processorRoleName,
  bucket: images,
  table: records,
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
  maximumEventAgeInSeconds: settings.maximumEventAgeInSeconds,
  eventAgeAlarmPercent: settings.eventAgeAlarmPercent,
  logLevel: settings.logLevel,
  maxImageBytes: settings.maxImageBytes,
  maxImagePixels: settings.maxImagePixels,
  variants: settings.variants,
  jpegQuality: settings.jpegQuality,
  recordTtlDays: settings.recordTtlDays,
  vpc: network ? { subnetIds: network.subnetIds, securityGroupIds: [network.securityGroupId] } : undefined,
  uploadTrigger: settings.malwareScan ? "malware-scan" : "s3-notification",
});

// Optional: uploads are scanned for malware and processed only once found clean (docs/operations.md).
const malwareScanGate = settings.malwareScan
  ? new MalwareScanGate("upload-scan", {
      bucket: images,
      uploadPrefix: HANDLER_DEFAULTS.uploadPrefix,
      kmsKeyArn: key.arn,
      function: processor.function,
      alertTopicArn: securityAlerts.arn,
      roleName: `secure-image-pipeline-malware-scan-${stack}`,
    })
  : undefined;

// The role S3 Batch Operations runs reprocess jobs as (`npm run reprocess`, docs/reprocessing.md).
const reprocessJob = new ReprocessJobRole("reprocess", {
  roleName: reprocessRoleName,
  bucketArn: images.arn,
  functionArn: processor.function.arn,
  kmsKeyArn: key.arn,
  reservedPrefixes: [HANDLER_DEFAULTS.uploadPrefix, HANDLER_DEFAULTS.processedPrefix],
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
    services: settings.accountServices,
    cisBenchmarkVersion: settings.cisBenchmarkVersion,
    trailName: settings.enableCloudTrail ? trailName : undefined,
    keyAlerts: [
      { keyArn: key.arn, topicArn: securityAlerts.arn },
      { keyArn: alertsKey.arn, topicArn: keyAlerts.arn },
    ],
    findingsExport: findings ? { bucketArn: findings.arn, prefix: GUARDDUTY_FINDINGS_PREFIX, kmsKeyArn: key.arn, dependsOn: [findings, key] } : undefined,
    auditBucketNames: [accessLogs.name, ...(findings ? [findings.name] : [])],
  },
  // CloudTrail and Config check the log bucket policy when they are created.
  { dependsOn: [accessLogs] },
);

const dashboard = settings.dashboard
  ? new PipelineDashboard("image-pipeline", {
      functionName: processor.functionName,
      failureQueueName: processor.failureQueue.name,
      bucketName: images.name,
      metricsNamespace: processor.metricsNamespace,
      serviceName: processor.serviceName,
      alarmArns: [...processor.alarms, baseline.storageAlarm].map((a) => a.arn),
    })
  : undefined;

const access = new PipelineAccess("clients", {
  roleNames: clientRoleNames,
  trustedPrincipals: { uploader: settings.uploaderPrincipals, reader: settings.readerPrincipals, operator: settings.operatorPrincipals },
  bucketArn: images.arn,
  uploadPrefix: HANDLER_DEFAULTS.uploadPrefix,
  processedPrefix: HANDLER_DEFAULTS.processedPrefix,
  kmsKeyArn: key.arn,
  tableArn: records.arn,
  failureQueueArn: processor.failureQueue.arn,
  functionArn: processor.function.arn,
  logGroupArns: [baseline.auditLogGroup.arn, processor.logGroup.arn],
  trailLogs: settings.enableCloudTrail ? { bucketArn: accessLogs.arn, keyPrefix: `${CLOUDTRAIL_PREFIX}/` } : undefined,
});

export const bucketName = images.name;
export const uploadPrefix = HANDLER_DEFAULTS.uploadPrefix;
export const processedPrefix = HANDLER_DEFAULTS.processedPrefix;
// The handler's byte limit: `npm run presign` issues upload forms up to it.
export const maxImageBytes = settings.maxImageBytes;
export const accessLogBucketName = accessLogs.name;
export const tableName = records.name;
export const notificationTopicArn = notifications.arn;
export const securityAlertsTopicArn = securityAlerts.arn;
export const functionName = processor.functionName;
export const functionArn = processor.function.arn;
export const reprocessRoleArn = reprocessJob.arn;
export const reprocessManifestPrefix = reprocessJob.manifestPrefix;
export const reprocessReportPrefix = reprocessJob.reportPrefix;
export const failureQueueUrl = processor.failureQueue.url;
export const keyArn = key.arn;
export const keyAlias = key.alias.name;
export const alertsKeyArn = alertsKey.arn;
export const auditLogGroupName = baseline.auditLogGroup.name;
export const keyAlertsTopicArn = keyAlerts.arn;
export const uploaderRoleArn = access.uploaderRoleArn;
export const readerRoleArn = access.readerRoleArn;
export const operatorRoleArn = access.operatorRoleArn;
export const failureAlarmName = processor.failureAlarm.name;
export const findingsBucketName = findings?.name;
export const dashboardName = dashboard?.name;
export const malwareScanPlanArn = malwareScanGate?.plan.arn;
