/**
 * What a check returns, and how a policy hands it to @pulumi/policy.
 *
 * Checks are pure functions returning findings; the policy objects only adapt arguments and
 * report. A finding is either a violation (reported at the policy's level) or "cannot check during
 * preview" (always advisory), so an unknown value never passes a mandatory rule silently and never
 * blocks a preview that may well be compliant.
 */
import type { ReportViolation } from "@pulumi/policy";

export interface Finding {
  /**
   * violation: at the policy's level; unknown: advisory; acknowledged: a violation accepted with a
   * reason (advisory); invalid: an acknowledgement that is itself wrong (always mandatory).
   */
  readonly kind: "violation" | "unknown" | "acknowledged" | "invalid";
  readonly message: string;
  /** What the finding is about within its resource (an action, a statement Sid, a port), for acknowledgements. */
  readonly id?: string;
  /** The resource the finding is about (stack policies); resource policies omit it. */
  readonly urn?: string;
}

export function violation(message: string, urn?: string, id?: string): Finding {
  return { kind: "violation", message, ...(urn === undefined ? {} : { urn }), ...(id === undefined ? {} : { id }) };
}

/** The advisory for a value that cannot be known until the resources exist. */
export function cannotCheck(what: string, urn?: string): Finding {
  const message = `cannot check during preview: ${what}`;
  return urn === undefined ? { kind: "unknown", message } : { kind: "unknown", message, urn };
}

/** An advisory note inside a mandatory policy (e.g. on-demand DynamoDB is not free tier). */
export function advisory(message: string, urn?: string): Finding {
  return urn === undefined ? { kind: "unknown", message } : { kind: "unknown", message, urn };
}

/**
 * The object form of `reportViolation` is what @pulumi/policy's server accepts for a diagnostic
 * with its own enforcement level (server.js makeReportViolationFun); its typings only declare the
 * string form.
 */
type ReportDiagnostic = (diagnostic: { message: string; urn?: string; enforcementLevel: "advisory" | "mandatory" }) => void;

export function report(findings: readonly Finding[], reportViolation: ReportViolation): void {
  for (const finding of findings) {
    if (finding.kind === "violation") {
      reportViolation(finding.message, finding.urn);
    } else {
      const diagnostic = { message: finding.message, enforcementLevel: finding.kind === "invalid" ? ("mandatory" as const) : ("advisory" as const) };
      (reportViolation as unknown as ReportDiagnostic)(finding.urn === undefined ? diagnostic : { ...diagnostic, urn: finding.urn });
    }
  }
}
