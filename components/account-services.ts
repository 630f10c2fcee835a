import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ArgumentConflicts } from "./arg-checks";

/**
 * GuardDuty, Security Hub and the AWS Config recorder exist once per account and region. A stack
 * creates each one, uses the one the account already has (most accounts of an organization do),
 * or leaves it alone. With `existing`, the stack still routes findings (the EventBridge rules match
 * any detector of the region), exports them (a publishing destination on that detector) and
 * subscribes the hub to the CIS standard; it never changes the service's own settings.
 */
export type GuardDutyService =
  | { readonly mode: "create" }
  /** `detectorId`: the account's detector; default looked up (`aws.guardduty.getDetector`, the region's only one). */
  | { readonly mode: "existing"; readonly detectorId?: string }
  | { readonly mode: "none" };

export type SecurityHubService = { readonly mode: "create" } | { readonly mode: "existing" } | { readonly mode: "none" };

export type ConfigRecorderService =
  | { readonly mode: "create" }
  /** `recorderName`: the account's recorder, reported by preflight; nothing in the stack writes to it. */
  | { readonly mode: "existing"; readonly recorderName?: string }
  | { readonly mode: "none" };

export interface AccountServices {
  readonly guardDuty: GuardDutyService;
  readonly securityHub: SecurityHubService;
  readonly configRecorder: ConfigRecorderService;
}

export type AccountServiceMode = AccountServices[keyof AccountServices]["mode"];
export const ACCOUNT_SERVICE_MODES: readonly AccountServiceMode[] = ["create", "existing", "none"];

/** The older on/off switches: true creates the service, false leaves it alone. */
export interface AccountServiceFlags {
  readonly enableGuardDuty?: boolean;
  readonly enableSecurityHub?: boolean;
  readonly enableConfig?: boolean;
}

const FLAG_OF: Record<keyof AccountServices, keyof AccountServiceFlags> = {
  guardDuty: "enableGuardDuty",
  securityHub: "enableSecurityHub",
  configRecorder: "enableConfig",
};

/**
 * Each service from exactly one way of saying it: its `services` entry, or its on/off flag
 * (default on = create). Giving both for one service is reported to `checks`.
 */
export function resolveAccountServices(flags: AccountServiceFlags, services: Partial<AccountServices> | undefined, checks: ArgumentConflicts): AccountServices {
  const pick = <K extends keyof AccountServices>(key: K): AccountServices[K] => {
    const flag = flags[FLAG_OF[key]];
    const given = services?.[key];
    checks.check(given !== undefined && flag !== undefined, `give either services.${key} or ${FLAG_OF[key]}, not both`);
    if (given !== undefined) return given;
    return (flag === false ? { mode: "none" } : { mode: "create" }) as AccountServices[K];
  };
  return { guardDuty: pick("guardDuty"), securityHub: pick("securityHub"), configRecorder: pick("configRecorder") };
}

export const usesService = (service: { readonly mode: AccountServiceMode }): boolean => service.mode !== "none";

/**
 * The ARN pattern of the account's GuardDuty detector in this region, known before any detector
 * exists. GuardDuty allows one detector per account and region, so `aws:SourceArn` matched with it
 * (and `aws:SourceAccount`) admits exactly the detector a policy naming its ARN would: the same
 * least privilege, whether this stack creates the detector, the account had it, or it is recreated.
 */
export function accountDetectorArnPattern(partition: pulumi.Input<string>, region: pulumi.Input<string>, account: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.interpolate`arn:${partition}:guardduty:${region}:${account}:detector/*`;
}

/** The id of the account's existing detector: the one given, or the region's only detector, looked up. */
export function existingDetectorId(service: { readonly detectorId?: string }, parent: pulumi.Resource): pulumi.Output<string> {
  return service.detectorId !== undefined ? pulumi.output(service.detectorId) : aws.guardduty.getDetectorOutput({}, { parent }).id;
}

/** The stack config keys (Pulumi.yaml) for the account-level services, as plain values. */
export interface AccountServiceSettings {
  readonly enableGuardDuty: boolean;
  readonly guardDutyDetector: string;
  readonly guardDutyDetectorId: string;
  readonly enableSecurityHub: boolean;
  readonly securityHubAccount: string;
  readonly enableConfig: boolean;
  readonly configRecorder: string;
  readonly configRecorderName: string;
}

/**
 * The services from the stack's keys: `enable*` false is none; otherwise the mode key says create
 * or existing, and the id or name key (only with existing; empty = look it up) names the one the
 * account has. Problems are returned as [key, message] for the config reader to report together.
 */
export function accountServicesFromSettings(s: AccountServiceSettings): { services: AccountServices; problems: [string, string][] } {
  const problems: [string, string][] = [];
  const mode = (key: string, value: string): "create" | "existing" => {
    if (value === "create" || value === "existing") return value;
    problems.push([key, `must be one of create, existing, got ${JSON.stringify(value)}`]);
    return "create";
  };
  const named = (key: string, value: string, modeKey: string, chosen: string): string | undefined => {
    if (value !== "" && chosen !== "existing") problems.push([key, `is set but ${modeKey} is not "existing": it names the account's own`]);
    return value === "" ? undefined : value;
  };
  const gd = mode("guardDutyDetector", s.guardDutyDetector);
  const detectorId = named("guardDutyDetectorId", s.guardDutyDetectorId, "guardDutyDetector", gd);
  const hub = mode("securityHubAccount", s.securityHubAccount);
  const recorder = mode("configRecorder", s.configRecorder);
  const recorderName = named("configRecorderName", s.configRecorderName, "configRecorder", recorder);
  const guardDuty: GuardDutyService = !s.enableGuardDuty ? { mode: "none" } : gd === "existing" ? { mode: "existing", ...(detectorId ? { detectorId } : {}) } : { mode: "create" };
  const securityHub: SecurityHubService = !s.enableSecurityHub ? { mode: "none" } : { mode: hub };
  const configRecorder: ConfigRecorderService = !s.enableConfig
    ? { mode: "none" }
    : recorder === "existing"
      ? { mode: "existing", ...(recorderName ? { recorderName } : {}) }
      : { mode: "create" };
  return { services: { guardDuty, securityHub, configRecorder }, problems };
}
