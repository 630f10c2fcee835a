// The library's public surface is exactly the names below. Adding or removing one is an API change
// for every stack that imports the package: change this list on purpose, never as a side effect.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as library from "../../components";

const INDEX = path.join(__dirname, "..", "..", "components", "index.ts");

const PUBLIC_VALUES = [
  "ACCOUNT_SECURITY_BASELINE_DEFAULTS",
  "ACCOUNT_SERVICE_MODES",
  "AccountSecurityBaseline",
  "AlertTopic",
  "CLIENT_KEY_USE",
  "CLIENT_ROLE_KINDS",
  "CLOUDTRAIL_PREFIX",
  "ENCRYPTED_TABLE_DEFAULTS",
  "ENCRYPTION_KEY_DEFAULTS",
  "EncryptedTable",
  "EncryptionKey",
  "IMAGE_PROCESSOR_DEFAULTS",
  "ImageProcessor",
  "IsolatedNetwork",
  "PipelineAccess",
  "PipelineDashboard",
  "REPROCESS_JOB_DEFAULTS",
  "REPROCESS_KEY_USE",
  "ReprocessJobRole",
  "SDK_SOURCES",
  "SECURE_BUCKET_DEFAULTS",
  "SECURITY_BASELINE_DEFAULTS",
  "SEVERITIES",
  "SEVERITY_RESPONSE_TIME",
  "SecureBucket",
  "SecurityBaseline",
  "baselineLogWriters",
  "accountDetectorArnPattern",
  "defaultFunctionName",
  "defaultTrailName",
  "guardDutyExportStatements",
  "severityFilterPolicy",
];

const PUBLIC_TYPES = [
  "AccountSecurityBaselineArgs",
  "AccountServiceMode",
  "AccountServices",
  "ConfigRecorderService",
  "GuardDutyService",
  "SecurityHubService",
  "AccessLogTarget",
  "AlertTopicArgs",
  "AuditObjects",
  "ClientRoleKind",
  "EncryptedTableArgs",
  "EncryptionKeyArgs",
  "GuardDutyFindingsExport",
  "HandlerBuildOptions",
  "ImageProcessorArgs",
  "IsolatedNetworkArgs",
  "KeyAlert",
  "LogWriter",
  "PipelineAccessArgs",
  "PipelineDashboardArgs",
  "ProcessorVpcConfig",
  "ReprocessJobRoleArgs",
  "ResourceRef",
  "SdkSource",
  "SecureBucketArgs",
  "SecurityBaselineArgs",
  "Severity",
  "SeverityRoute",
  "ViaServiceKeyUser",
];

/** Every name components/index.ts exports, split into values and type-only names, read from its syntax. */
function declaredExports(): { values: string[]; types: string[]; exportStar: boolean } {
  const source = ts.createSourceFile(INDEX, fs.readFileSync(INDEX, "utf8"), ts.ScriptTarget.Latest, true);
  const values: string[] = [];
  const types: string[] = [];
  let exportStar = false;
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
        exportStar = true;
        continue;
      }
      for (const element of statement.exportClause.elements) {
        (statement.isTypeOnly || element.isTypeOnly ? types : values).push(element.name.text);
      }
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      exportStar = true; // a declaration written in the index itself would bypass the named list
    }
  }
  return { values: values.sort(), types: types.sort(), exportStar };
}

describe("components/index.ts public API", () => {
  it("re-exports by name only: no `export *` and no declarations of its own", () => {
    expect(declaredExports().exportStar).toBe(false);
  });

  it("exports exactly the pinned values, and they exist at runtime", () => {
    expect(declaredExports().values).toEqual([...PUBLIC_VALUES].sort());
    expect(
      Object.keys(library)
        .filter((name) => name !== "__esModule")
        .sort(),
    ).toEqual([...PUBLIC_VALUES].sort());
    for (const name of PUBLIC_VALUES) expect(library[name as keyof typeof library]).toBeDefined();
  });

  it("exports exactly the pinned types", () => {
    expect(declaredExports().types).toEqual([...PUBLIC_TYPES].sort());
  });

  it("keeps internals out", () => {
    const exported = new Set(Object.keys(library));
    for (const internal of [
      "ArgumentConflicts",
      "definedOnly",
      "checkedPhysicalName",
      "PROJECT_ROOT",
      "buildHandler",
      "bundleHandler",
      "readStackSettings",
      "keyAliasNames",
      "awsContext",
      "policyDocument",
      "policyJson",
      "handlerFactory",
      "LOG_RETENTION_DAYS",
    ]) {
      expect(exported.has(internal)).toBe(false);
    }
  });
});
