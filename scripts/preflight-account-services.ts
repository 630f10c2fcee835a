/**
 * Preflight's view of the account-level services: which of GuardDuty, Security Hub and the AWS
 * Config recorder the account already has, and whether the stack's choice for each (create,
 * existing or none) works with that. One per account and region: creating a second fails the
 * deploy, and "existing" needs one to be there.
 */
import type { AccountServices } from "../components/account-services";

export type ServiceCheckStatus = "ok" | "advice" | "blocker";

export interface ServiceCheck {
  readonly check: "guardduty" | "security-hub" | "config";
  readonly status: ServiceCheckStatus;
  readonly message: string;
  readonly set?: { readonly key: string; readonly value: boolean | string };
}

/** What exists, per service: detector ids, the hub ARN, recorder and delivery-channel names. */
export interface ExistingAccountServices {
  readonly guardDuty: string[];
  readonly securityHub: string[];
  readonly configRecorder: string[];
}

interface ServiceFacts {
  readonly check: ServiceCheck["check"];
  readonly what: string;
  readonly flagKey: string;
  readonly modeKey: string;
  readonly mode: AccountServices[keyof AccountServices]["mode"];
  readonly existing: string[];
  /** The id or name the stack was given for "existing", if any. */
  readonly named?: string;
  readonly namedKey: string;
  /** What still happens with the account's own (for the blocker's advice). */
  readonly withExisting: string;
  readonly lacking: string;
}

function checkOne(f: ServiceFacts, deployed: boolean): ServiceCheck {
  const found = f.existing.join(", ");
  if (f.mode === "create") {
    if (f.existing.length > 0 && !deployed) {
      return {
        check: f.check,
        status: "blocker",
        message: `${f.what} already exists here (${found}): only one per account and region, so creating the stack's fails. Use it: set ${f.modeKey} existing (${f.withExisting}).`,
        set: { key: f.modeKey, value: "existing" },
      };
    }
    return { check: f.check, status: "ok", message: f.existing.length > 0 ? `${f.what} exists (${found}; the stack's own, --deployed)` : `no ${f.what} yet; the stack creates it` };
  }
  if (f.mode === "existing") {
    if (f.existing.length === 0) {
      return {
        check: f.check,
        status: "blocker",
        message: `${f.modeKey} is existing but there is no ${f.what} here: set ${f.modeKey} create`,
        set: { key: f.modeKey, value: "create" },
      };
    }
    if (f.named !== undefined && !f.existing.some((e) => e === f.named || e.endsWith(`/${f.named}`))) {
      return {
        check: f.check,
        status: "blocker",
        message: `${f.namedKey} ${f.named} is not here (found: ${found}): name one of those, or leave ${f.namedKey} empty to look it up`,
      };
    }
    return { check: f.check, status: "ok", message: `${f.what} exists (${found}) and the stack uses it (${f.withExisting})` };
  }
  if (f.existing.length === 0)
    return { check: f.check, status: "advice", message: `no ${f.what} here and ${f.flagKey} is false: ${f.lacking}`, set: { key: f.flagKey, value: true } };
  return { check: f.check, status: "ok", message: `${f.what} exists (${found}) and the stack leaves it alone (${f.flagKey}: false)` };
}

export function accountServiceChecks(services: AccountServices, existing: ExistingAccountServices, deployed: boolean): ServiceCheck[] {
  const gd = services.guardDuty;
  const recorder = services.configRecorder;
  return [
    checkOne(
      {
        check: "guardduty",
        what: "a GuardDuty detector",
        flagKey: "enableGuardDuty",
        modeKey: "guardDutyDetector",
        mode: gd.mode,
        existing: existing.guardDuty,
        named: gd.mode === "existing" ? gd.detectorId : undefined,
        namedKey: "guardDutyDetectorId",
        withExisting: "its High/Critical findings still reach the security-alerts topic and are exported to the findings bucket",
        lacking: "the security policy (3.5) asks for GuardDuty; set it true or enable GuardDuty for the account.",
      },
      deployed,
    ),
    checkOne(
      {
        check: "security-hub",
        what: "Security Hub",
        flagKey: "enableSecurityHub",
        modeKey: "securityHubAccount",
        mode: services.securityHub.mode,
        existing: existing.securityHub,
        namedKey: "securityHubAccount",
        withExisting: "the stack subscribes it to the CIS benchmark",
        lacking: "the security policy (3.5) asks for Security Hub with CIS; set it true or enable it for the account.",
      },
      deployed,
    ),
    checkOne(
      {
        check: "config",
        what: "an AWS Config recorder or delivery channel",
        flagKey: "enableConfig",
        modeKey: "configRecorder",
        mode: recorder.mode,
        existing: existing.configRecorder,
        named: recorder.mode === "existing" && recorder.recorderName !== undefined ? `recorder ${recorder.recorderName}` : undefined,
        namedKey: "configRecorderName",
        withExisting: "it keeps recording where it delivers; the stack's log bucket then receives no Config snapshots",
        lacking: "the security policy (3.5) asks for AWS Config; set it true or enable a recorder for the region.",
      },
      deployed,
    ),
  ];
}
