/**
 * Turns the JSON that `npm audit --json` prints into one verdict line for scripts/security_scan.sh.
 *
 * Why not trust npm's exit code: `npm audit` exits 1 both when it finds vulnerabilities and when it
 * could not audit at all (no lockfile, audit endpoint down or blocked by a proxy). A scan that
 * cannot tell those apart either hides an outage as "vulnerable" or, worse, treats it as clean.
 *
 * Usage: npm audit --json --omit=dev | node -r ts-node/register/transpile-only scripts/audit-verdict.ts
 * Prints `<status>: <reason>`; exits 0 for pass, 1 for fail, 2 for unavailable, 3 for error.
 */

export type AuditStatus = "pass" | "fail" | "unavailable" | "error";

export interface AuditVerdict {
  readonly status: AuditStatus;
  readonly reason: string;
}

/** Severities that fail the scan (the policy's "high and critical"). */
const BLOCKING = ["high", "critical"] as const;
const SEVERITIES = ["info", "low", "moderate", "high", "critical"] as const;

interface AuditReport {
  message?: unknown;
  statusCode?: unknown;
  error?: { code?: unknown; summary?: unknown; detail?: unknown };
  metadata?: { vulnerabilities?: Record<string, unknown> };
  vulnerabilities?: Record<string, { severity?: unknown }>;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}

export function auditVerdict(json: string): AuditVerdict {
  let report: AuditReport;
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    report = parsed as AuditReport;
  } catch {
    const firstLine = json.trim().split("\n")[0] ?? "";
    return { status: "error", reason: `npm audit did not print a JSON report (got "${firstLine.slice(0, 120)}")` };
  }

  // The registry answered with an HTTP error: the advisory database was not consulted at all.
  if (typeof report.statusCode === "number" || (typeof report.message === "string" && report.message !== "")) {
    return {
      status: "unavailable",
      reason: `audit endpoint unreachable, no advisories were checked: ${String(report.message ?? `HTTP ${String(report.statusCode)}`)}`,
    };
  }
  if (report.error) {
    const code = typeof report.error.code === "string" ? report.error.code : "unknown";
    const summary = typeof report.error.summary === "string" ? report.error.summary : "";
    const hint = code === "ENOLOCK" ? " (commit the package-lock.json next to the audited package.json)" : "";
    return { status: "error", reason: `npm audit failed with ${code}: ${summary}${hint}` };
  }

  const counts = report.metadata?.vulnerabilities;
  if (!counts || typeof counts !== "object") {
    return { status: "error", reason: "npm audit's report has no metadata.vulnerabilities counts" };
  }
  const blocking = BLOCKING.reduce((sum, s) => sum + count(counts[s]), 0);
  const breakdown = SEVERITIES.map((s) => `${count(counts[s])} ${s}`).join(", ");
  if (blocking === 0) {
    return { status: "pass", reason: `no high or critical advisories (${breakdown})` };
  }
  const names = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => (BLOCKING as readonly unknown[]).includes(v.severity))
    .map(([name, v]) => `${name} (${String(v.severity)})`)
    .sort();
  return {
    status: "fail",
    reason: `${blocking} high/critical advisories (${breakdown}): ${names.join(", ") || "see npm audit"}; run \`npm audit\` for fixes`,
  };
}

const EXIT_CODES: Record<AuditStatus, number> = { pass: 0, fail: 1, unavailable: 2, error: 3 };

function main(): void {
  const chunks: Buffer[] = [];
  process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
  process.stdin.on("end", () => {
    const verdict = auditVerdict(Buffer.concat(chunks).toString("utf8"));
    process.stdout.write(`${verdict.status}: ${verdict.reason}\n`);
    process.exitCode = EXIT_CODES[verdict.status];
  });
}

if (require.main === module) main();
