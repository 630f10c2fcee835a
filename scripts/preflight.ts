/**
 * Preflight: read-only AWS calls that tell the operator, before `pulumi up`, which config flags a
 * stack needs in this account and region. Account-wide singletons (one GuardDuty detector, one
 * Security Hub, one Config recorder and delivery channel per region) make `pulumi up` fail when
 * they already exist; a Lambda concurrency quota of 10 refuses any reservation; an existing KMS
 * alias of the same name makes the key's alias fail.
 *
 * Usage:
 *   npm run preflight -- --stack <name> [--json] [--deployed] [--config-dir <dir>] [--region <region>]
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml (in --config-dir, default the repository root); the
 * region is --region, else the stack's aws:region, else AWS_REGION; credentials come from the
 * usual AWS environment. `--deployed`: the stack is already up, so its own aliases and reservation are
 * expected. Calls made: Lambda GetAccountSettings, GuardDuty ListDetectors, Security Hub
 * DescribeHub, Config DescribeConfigurationRecorders and DescribeDeliveryChannels, CloudTrail
 * DescribeTrails, KMS ListAliases, STS GetCallerIdentity; nothing is changed.
 * Every call is made even when one fails; each failed call is named (service, operation, error
 * code, fix). Exit (tools/exit-codes.ts): 0 ready (advice may remain), 1 a blocker, 2 could not
 * run (bad arguments or configuration, failed AWS calls), with --json as a JSON failure document.
 */
import "./lib/quiet-sdk";
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from "@aws-sdk/client-config-service";
import { GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import { KMSClient, ListAliasesCommand } from "@aws-sdk/client-kms";
import { GetAccountSettingsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { DescribeHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { type AccountServices, accountServicesFromSettings } from "../components/account-services";
import { keyAliasNames } from "../components/stack-config";
import { accountServiceChecks, type ExistingAccountServices } from "./preflight-account-services";
import { loadStackConfig } from "../offline/stack-config";
import { EXIT } from "../tools/exit-codes";
import { nameFailures } from "./lib/aws-failure";
import { settleAll } from "./lib/settle-all";
import { reportFailure, wantsJson } from "./lib/tool-failure";

/** Lambda keeps at least this much account concurrency unreserved (it refuses reservations below it). */
export const MIN_UNRESERVED_CONCURRENCY = 10;
/** CloudTrail allows five trails per region. */
export const MAX_TRAILS_PER_REGION = 5;

/** The stack settings preflight needs, from the stack's config. */
export interface PreflightSettings {
  readonly stack: string;
  readonly region: string;
  readonly reservedConcurrency: number;
  readonly enableGuardDuty: boolean;
  readonly enableSecurityHub: boolean;
  readonly enableConfig: boolean;
  readonly enableCloudTrail: boolean;
  /** Create, existing or none per service; default from the enable* flags (true = create). */
  readonly accountServices?: AccountServices;
}

/** What the read-only calls found. */
export interface AccountFacts {
  readonly account: string;
  readonly concurrencyLimit: number;
  readonly unreservedConcurrency: number;
  readonly guardDutyDetectorIds: string[];
  readonly securityHubArn: string | null;
  readonly configRecorders: string[];
  readonly deliveryChannels: string[];
  readonly trails: { name: string; arn: string; multiRegion: boolean; homeRegion: string }[];
  readonly aliases: string[];
}

export type CheckStatus = "ok" | "advice" | "blocker";

export interface PreflightCheck {
  readonly check: "lambda-concurrency" | "guardduty" | "security-hub" | "config" | "cloudtrail" | "kms-aliases";
  readonly status: CheckStatus;
  readonly message: string;
  /** A config change that clears it: `pulumi config set --stack <stack> <key> <value>`. */
  readonly set?: { readonly key: string; readonly value: boolean | string };
}

export interface PreflightReport {
  readonly stack: string;
  readonly region: string;
  readonly account: string;
  readonly checks: PreflightCheck[];
  /** Every config change the checks ask for, key to value. */
  readonly configChanges: Record<string, boolean | string>;
  /** Which of the account-level services already exist here (ids, ARN, names; empty = none). */
  readonly existing: ExistingAccountServices;
  readonly blockers: number;
}

/** Decides, from the facts, what the operator must change. Pure, so every branch is unit-tested. */
export function evaluatePreflight(s: PreflightSettings, f: AccountFacts, opts: { deployed?: boolean } = {}): PreflightReport {
  const checks: PreflightCheck[] = [];
  const deployed = opts.deployed === true;

  const left = f.unreservedConcurrency - (deployed ? 0 : s.reservedConcurrency);
  checks.push(
    left >= MIN_UNRESERVED_CONCURRENCY
      ? {
          check: "lambda-concurrency",
          status: "ok",
          message: `account concurrency ${f.concurrencyLimit}, ${f.unreservedConcurrency} unreserved; reserving ${s.reservedConcurrency} leaves ${left}`,
        }
      : {
          check: "lambda-concurrency",
          status: "blocker",
          message: `account concurrency ${f.concurrencyLimit} with ${f.unreservedConcurrency} unreserved: reserving ${s.reservedConcurrency} would leave ${left}, below the ${MIN_UNRESERVED_CONCURRENCY} Lambda keeps unreserved, so the function's create fails. Request a higher "Concurrent executions" quota (Service Quotas, AWS Lambda) and wait for it before pulumi up.`,
        },
  );

  const existing: ExistingAccountServices = {
    guardDuty: f.guardDutyDetectorIds,
    securityHub: f.securityHubArn ? [f.securityHubArn] : [],
    configRecorder: [...f.configRecorders.map((r) => `recorder ${r}`), ...f.deliveryChannels.map((c) => `delivery channel ${c}`)],
  };
  const services = s.accountServices ?? flagServices(s);
  checks.push(...accountServiceChecks(services, existing, deployed));

  const trailName = `security-${s.stack}-trail`;
  const others = f.trails.filter((t) => t.name !== trailName);
  const own = f.trails.some((t) => t.name === trailName);
  if (s.enableCloudTrail && own && !deployed) {
    checks.push({
      check: "cloudtrail",
      status: "blocker",
      message: `a trail named ${trailName} already exists: another deployment of stack "${s.stack}" owns it; use another stack name or --deployed if this is that stack`,
      set: { key: "enableCloudTrail", value: false },
    });
  } else if (s.enableCloudTrail && others.length + 1 > MAX_TRAILS_PER_REGION) {
    checks.push({
      check: "cloudtrail",
      status: "blocker",
      message: `${others.length} trails exist; CloudTrail allows ${MAX_TRAILS_PER_REGION} per region: set enableCloudTrail false or remove a trail`,
      set: { key: "enableCloudTrail", value: false },
    });
  } else if (s.enableCloudTrail && others.length > 0) {
    checks.push({
      check: "cloudtrail",
      status: "advice",
      message: `trail(s) ${others.map((t) => t.name).join(", ")} already record management events: the stack's trail is a second copy, billed at $2 per 100,000 events. Keep it for the stack's own encrypted, validated audit log, or set enableCloudTrail false (the KMS key-state alert needs some trail in the account).`,
      set: { key: "enableCloudTrail", value: false },
    });
  } else if (!s.enableCloudTrail && f.trails.length === 0) {
    checks.push({
      check: "cloudtrail",
      status: "advice",
      message: "no trail here and enableCloudTrail is false: the KMS key-state alert (Critical) receives no events without a trail",
      set: { key: "enableCloudTrail", value: true },
    });
  } else {
    checks.push({
      check: "cloudtrail",
      status: "ok",
      message: s.enableCloudTrail ? "the stack's trail can be created" : `enableCloudTrail false; ${f.trails.length} trail(s) exist`,
    });
  }

  const names = keyAliasNames(s.stack);
  const taken = [names.data, names.alerts].map((n) => `alias/${n}`).filter((a) => f.aliases.includes(a));
  checks.push(
    taken.length > 0 && !deployed
      ? {
          check: "kms-aliases",
          status: "blocker",
          message: `KMS alias(es) ${taken.join(", ")} already exist: another deployment uses stack name "${s.stack}"; choose another stack name, or pass --deployed if this stack created them`,
        }
      : { check: "kms-aliases", status: "ok", message: `aliases alias/${names.data} and alias/${names.alerts} ${taken.length > 0 ? "belong to the deployed stack" : "are free"}` },
  );

  const configChanges: Record<string, boolean | string> = {};
  for (const c of checks) if (c.set && c.status === "blocker") configChanges[c.set.key] = c.set.value;
  return { stack: s.stack, region: s.region, account: f.account, checks, configChanges, existing, blockers: checks.filter((c) => c.status === "blocker").length };
}

/** The services the enable* flags alone say: on = create, off = none. */
function flagServices(s: PreflightSettings): AccountServices {
  const mode = (on: boolean) => (on ? { mode: "create" as const } : { mode: "none" as const });
  return { guardDuty: mode(s.enableGuardDuty), securityHub: mode(s.enableSecurityHub), configRecorder: mode(s.enableConfig) };
}

/** Reads the settings preflight needs from Pulumi.yaml + Pulumi.<stack>.yaml. */
export function readPreflightSettings(configDir: string, stack: string, regionOverride?: string): PreflightSettings {
  const { project, values } = loadStackConfig(configDir, stack);
  const get = (key: string) => values[`${project}:${key}`];
  const flag = (key: string) => {
    if (get(key) !== "true" && get(key) !== "false") throw new Error(`config ${project}:${key} must be true or false, got ${JSON.stringify(get(key))}`);
    return get(key) === "true";
  };
  const region = regionOverride ?? values["aws:region"] ?? process.env.AWS_REGION;
  if (!region) throw new Error(`no region: set aws:region in Pulumi.${stack}.yaml or AWS_REGION`);
  return {
    stack,
    region,
    reservedConcurrency: Number(get("lambdaReservedConcurrency")),
    enableGuardDuty: flag("enableGuardDuty"),
    enableSecurityHub: flag("enableSecurityHub"),
    enableConfig: flag("enableConfig"),
    enableCloudTrail: flag("enableCloudTrail"),
    accountServices: readAccountServices(get, flag),
  };
}

function readAccountServices(get: (key: string) => string | undefined, flag: (key: string) => boolean): AccountServices {
  const { services, problems } = accountServicesFromSettings({
    enableGuardDuty: flag("enableGuardDuty"),
    guardDutyDetector: get("guardDutyDetector") || "create",
    guardDutyDetectorId: get("guardDutyDetectorId") ?? "",
    enableSecurityHub: flag("enableSecurityHub"),
    securityHubAccount: get("securityHubAccount") || "create",
    enableConfig: flag("enableConfig"),
    configRecorder: get("configRecorder") || "create",
    configRecorderName: get("configRecorderName") ?? "",
  });
  if (problems.length > 0) throw new Error(problems.map(([key, message]) => `config ${key} ${message}`).join("; "));
  return services;
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? "";
}

/** The read-only calls, all made even when some fail (CallsFailed then names every failure). */
export async function gatherFacts(region: string): Promise<AccountFacts> {
  const opts = { region };
  const configClient = nameFailures(new ConfigServiceClient(opts));
  const kms = nameFailures(new KMSClient(opts));
  const calls = await settleAll({
    identity: () => nameFailures(new STSClient(opts)).send(new GetCallerIdentityCommand({})),
    lambda: () => nameFailures(new LambdaClient(opts)).send(new GetAccountSettingsCommand({})),
    detectors: () => nameFailures(new GuardDutyClient(opts)).send(new ListDetectorsCommand({})),
    securityHubArn: async () => {
      try {
        return (await nameFailures(new SecurityHubClient(opts)).send(new DescribeHubCommand({}))).HubArn ?? null;
      } catch (error) {
        // Not subscribed: Security Hub answers InvalidAccessException (ResourceNotFoundException in some emulators).
        if (!["InvalidAccessException", "ResourceNotFoundException"].includes(errorName(error))) throw error;
        return null;
      }
    },
    recorders: () => configClient.send(new DescribeConfigurationRecordersCommand({})),
    channels: () => configClient.send(new DescribeDeliveryChannelsCommand({})),
    trails: () => nameFailures(new CloudTrailClient(opts)).send(new DescribeTrailsCommand({ includeShadowTrails: true })),
    aliases: async () => {
      const aliases: string[] = [];
      let marker: string | undefined;
      do {
        const page = await kms.send(new ListAliasesCommand({ Marker: marker }));
        aliases.push(...(page.Aliases ?? []).map((a) => a.AliasName ?? ""));
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
      return aliases;
    },
  });
  const { identity, lambda, detectors, securityHubArn, recorders, channels, trails, aliases } = calls;
  return {
    account: identity.Account ?? "",
    concurrencyLimit: lambda.AccountLimit?.ConcurrentExecutions ?? 0,
    unreservedConcurrency: lambda.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
    guardDutyDetectorIds: detectors.DetectorIds ?? [],
    securityHubArn,
    configRecorders: (recorders.ConfigurationRecorders ?? []).map((r) => r.name ?? ""),
    deliveryChannels: (channels.DeliveryChannels ?? []).map((c) => c.name ?? ""),
    trails: (trails.trailList ?? []).map((t) => ({ name: t.Name ?? "", arn: t.TrailARN ?? "", multiRegion: t.IsMultiRegionTrail === true, homeRegion: t.HomeRegion ?? "" })),
    aliases,
  };
}

const MARK: Record<CheckStatus, string> = { ok: "✓", advice: "!", blocker: "✗" };

export function formatReport(r: PreflightReport): string {
  const lines = [`Preflight for stack "${r.stack}" in account ${r.account}, ${r.region}:`];
  const has = (found: string[]) => (found.length > 0 ? `exists (${found.join(", ")})` : "none");
  lines.push(`  account services: GuardDuty detector ${has(r.existing.guardDuty)}; Security Hub ${has(r.existing.securityHub)}; Config recorder ${has(r.existing.configRecorder)}`);
  for (const c of r.checks) lines.push(`  ${MARK[c.status]} ${c.check}: ${c.message}`);
  const changes = Object.entries(r.configChanges);
  if (changes.length > 0) {
    lines.push("", "Set before pulumi up:", ...changes.map(([k, v]) => `  pulumi config set --stack ${r.stack} ${k} ${v}`));
  }
  const advice = r.checks.filter((c) => c.status === "advice" && c.set);
  if (advice.length > 0) lines.push("", "Consider:", ...advice.map((c) => `  pulumi config set --stack ${r.stack} ${c.set!.key} ${c.set!.value}   # ${c.check}`));
  lines.push("", r.blockers === 0 ? "Ready for pulumi up." : `${r.blockers} blocker(s): pulumi up would fail.`);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  let values: { stack?: string; json?: boolean; deployed?: boolean; "config-dir"?: string; region?: string };
  let settings: PreflightSettings;
  try {
    values = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        json: { type: "boolean", default: false },
        deployed: { type: "boolean", default: false },
        "config-dir": { type: "string" },
        region: { type: "string" },
      },
      strict: true,
    }).values;
    if (!values.stack) throw new Error("--stack <name> is required (reads Pulumi.<name>.yaml)");
    settings = readPreflightSettings(path.resolve(values["config-dir"] ?? path.join(__dirname, "..")), values.stack, values.region);
  } catch (error) {
    return reportFailure("preflight", error, wantsJson(argv));
  }
  let facts: AccountFacts;
  try {
    facts = await gatherFacts(settings.region);
  } catch (error) {
    return reportFailure("preflight", error, values.json === true);
  }
  const report = evaluatePreflight(settings, facts, { deployed: values.deployed });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.blockers > 0 ? EXIT.findings : EXIT.ok;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => (process.exitCode = reportFailure("preflight", err, wantsJson(process.argv))),
  );
}
