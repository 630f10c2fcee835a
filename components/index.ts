// Public surface of the component library: `import { SecureBucket } from ".../components"`.
// Named exports only: the components, their Args, their *_DEFAULTS and the helpers a consumer
// needs to wire them (physical names fixed up front, key-use grants, severity filters). Everything
// else (argument checks, policy-document builders, the handler build, the program's stack config)
// stays in its module, importable by this repository's own program, tools and tests but not API.
// __tests__/components/public-api.test.ts pins this list: adding a name is a deliberate API change.
export { ACCOUNT_SECURITY_BASELINE_DEFAULTS, AccountSecurityBaseline, type AccountSecurityBaselineArgs } from "./account-security-baseline";
export {
  ACCOUNT_SERVICE_MODES,
  accountDetectorArnPattern,
  type AccountServiceMode,
  type AccountServices,
  type ConfigRecorderService,
  type GuardDutyService,
  type SecurityHubService,
} from "./account-services";
export { SEVERITIES, SEVERITY_RESPONSE_TIME, severityFilterPolicy, type Severity } from "./alert-severity";
export { AlertTopic, type AlertTopicArgs, type SeverityRoute } from "./alert-topic";
export { ENCRYPTED_TABLE_DEFAULTS, EncryptedTable, type EncryptedTableArgs } from "./encrypted-table";
export { ENCRYPTION_KEY_DEFAULTS, EncryptionKey, type EncryptionKeyArgs, type ViaServiceKeyUser } from "./encryption-key";
export { SDK_SOURCES, type HandlerBuildOptions, type SdkSource } from "./handler-build";
export { IMAGE_PROCESSOR_DEFAULTS, ImageProcessor, defaultFunctionName, type ImageProcessorArgs, type ProcessorVpcConfig, type ResourceRef } from "./image-processor";
export { IsolatedNetwork, type IsolatedNetworkArgs } from "./isolated-network";
export { CLIENT_KEY_USE, CLIENT_ROLE_KINDS, PipelineAccess, type ClientRoleKind, type PipelineAccessArgs } from "./pipeline-access";
export { PipelineDashboard, type PipelineDashboardArgs } from "./pipeline-dashboard";
export { REPROCESS_JOB_DEFAULTS, REPROCESS_KEY_USE, ReprocessJobRole, type ReprocessJobRoleArgs } from "./reprocess-job-role";
export { SECURE_BUCKET_DEFAULTS, SecureBucket, type AccessLogTarget, type AuditObjects, type LogWriter, type SecureBucketArgs } from "./secure-bucket";
export {
  CLOUDTRAIL_PREFIX,
  SECURITY_BASELINE_DEFAULTS,
  SecurityBaseline,
  baselineLogWriters,
  defaultTrailName,
  guardDutyExportStatements,
  type GuardDutyFindingsExport,
  type KeyAlert,
  type SecurityBaselineArgs,
} from "./security-baseline";
