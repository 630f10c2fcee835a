/**
 * The security scan's verdicts and its failure paths. The audit cases run the real `npm audit`
 * against a local stand-in for the registry's advisory endpoint, so they prove how the scan reads
 * npm's real report; they do not prove anything about today's advisories for our dependencies.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { auditVerdict } from "../../scripts/audit-verdict";
import { runProcess, type ProcessResult } from "./support/script-harness";

const ROOT = path.resolve(__dirname, "../..");
const SCAN = path.join(ROOT, "scripts/security_scan.sh");

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Runs the scan asynchronously, so a registry stand-in in this process can still answer. */
/** The scan's verdict line: always its last. */
function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}

function runScan(env: Record<string, string>): Promise<ProcessResult> {
  // A private npm cache: npm caches computed advisories by id, which would leak between cases.
  return runProcess("bash", [SCAN], { npm_config_cache: tempDir("scan-npm-cache-"), ...env });
}

/** A package with one dependency (ms@2.1.3) and a lockfile, as `npm audit` needs. */
function fixturePackage(withLock = true): string {
  const dir = tempDir("scan-fixture-");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "scan-fixture", version: "1.0.0", dependencies: { ms: "2.1.3" } }));
  if (withLock) {
    fs.writeFileSync(
      path.join(dir, "package-lock.json"),
      JSON.stringify({
        name: "scan-fixture",
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": { name: "scan-fixture", version: "1.0.0", dependencies: { ms: "2.1.3" } },
          "node_modules/ms": {
            version: "2.1.3",
            resolved: "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
            integrity: "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==",
          },
        },
      }),
    );
  }
  return dir;
}

/** Stand-in for the registry: answers the bulk advisory request and serves the packument npm
 * reads to work out which installed versions an advisory covers. */
async function advisoryRegistry(severity: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.method === "POST" && req.url?.startsWith("/-/npm/v1/security/advisories/bulk")) {
      req.resume();
      req.on("end", () =>
        res.end(
          JSON.stringify({
            ms: [
              {
                id: 1099999,
                url: "https://github.com/advisories/GHSA-test-0000-0000",
                title: "Test advisory",
                severity,
                vulnerable_versions: "<=2.1.3",
                cwe: ["CWE-1333"],
                cvss: { score: 7.5, vectorString: null },
              },
            ],
          }),
        ),
      );
      return;
    }
    if (req.method === "GET" && req.url === "/ms") {
      res.end(
        JSON.stringify({
          name: "ms",
          "dist-tags": { latest: "2.1.3" },
          versions: { "2.1.3": { name: "ms", version: "2.1.3", dist: { tarball: "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz" } } },
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("auditVerdict: reading npm audit --json", () => {
  it("treats an HTTP error from the audit endpoint as unavailable, never as clean", () => {
    // Captured on this machine: the registry proxy rejects the bulk advisory POST.
    const report = JSON.stringify({
      message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
      method: "POST",
      statusCode: 405,
      body: "",
      error: { summary: "", detail: "" },
    });
    expect(auditVerdict(report)).toEqual({
      status: "unavailable",
      reason: "audit endpoint unreachable, no advisories were checked: 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    });
  });

  it("explains a missing lockfile", () => {
    const report = JSON.stringify({
      error: { code: "ENOLOCK", summary: "This command requires an existing lockfile.", detail: "Try creating one" },
    });
    expect(auditVerdict(report)).toEqual({
      status: "error",
      reason: "npm audit failed with ENOLOCK: This command requires an existing lockfile. (commit the package-lock.json next to the audited package.json)",
    });
  });

  it("passes low and moderate advisories and fails high and critical ones, naming the packages", () => {
    const counts = (high: number, critical: number) => ({
      auditReportVersion: 2,
      vulnerabilities: {
        a: { name: "a", severity: "moderate" },
        ...(high ? { b: { name: "b", severity: "high" } } : {}),
        ...(critical ? { c: { name: "c", severity: "critical" } } : {}),
      },
      metadata: { vulnerabilities: { info: 0, low: 2, moderate: 1, high, critical, total: 3 + high + critical } },
    });
    expect(auditVerdict(JSON.stringify(counts(0, 0)))).toEqual({
      status: "pass",
      reason: "no high or critical advisories (0 info, 2 low, 1 moderate, 0 high, 0 critical)",
    });
    expect(auditVerdict(JSON.stringify(counts(1, 1)))).toEqual({
      status: "fail",
      reason: "2 high/critical advisories (0 info, 2 low, 1 moderate, 1 high, 1 critical): b (high), c (critical); run `npm audit` for fixes",
    });
  });

  it("refuses output that is not an audit report", () => {
    expect(auditVerdict("").status).toBe("error");
    expect(auditVerdict("npm ERR! something").reason).toBe('npm audit did not print a JSON report (got "npm ERR! something")');
    expect(auditVerdict("{}")).toEqual({ status: "error", reason: "npm audit's report has no metadata.vulnerabilities counts" });
  });
});

describe("scripts/security_scan.sh", () => {
  jest.setTimeout(60_000);

  it("fails and names the step and npm's reason when the audit endpoint cannot be reached", async () => {
    const dir = fixturePackage();
    const result = await runScan({
      SCAN_STEPS: "audit-policy-pack",
      SCAN_POLICY_PACK_DIR: dir,
      npm_config_registry: "http://127.0.0.1:9/", // discard port: connection refused
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /UNAVAILABLE +audit-policy-pack +audit endpoint unreachable, no advisories were checked: request to http:\/\/127\.0\.0\.1:9\/-\/npm\/v1\/security\/advisories\/bulk failed.*fails the scan/,
    );
    expect(lastLine(result.stdout)).toBe(
      "Security scan FAILED: 0 PASS, 0 FAIL, 1 UNAVAILABLE (of 1 steps); UNAVAILABLE: audit-policy-pack (not allowed without SCAN_ALLOW_AUDIT_UNAVAILABLE=1)",
    );
  });

  it("reports an unreachable endpoint as UNAVAILABLE, not PASS, when explicitly allowed", async () => {
    const dir = fixturePackage();
    const result = await runScan({
      SCAN_STEPS: "audit-policy-pack",
      SCAN_POLICY_PACK_DIR: dir,
      SCAN_ALLOW_AUDIT_UNAVAILABLE: "1",
      npm_config_registry: "http://127.0.0.1:9/",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/UNAVAILABLE +audit-policy-pack .*NOT a clean result/);
    expect(result.stderr).toContain("could not reach the audit endpoint");
    // The last line counts what could not run and never calls the scan "passed".
    expect(lastLine(result.stdout)).toBe(
      "Security scan INCOMPLETE: 0 PASS, 0 FAIL, 1 UNAVAILABLE (of 1 steps); UNAVAILABLE: audit-policy-pack, allowed by SCAN_ALLOW_AUDIT_UNAVAILABLE=1: NOT a clean result",
    );
    expect(lastLine(result.stdout)).not.toMatch(/passed/i);
  });

  it.each(["high", "critical"])("fails on a %s advisory in a shipped dependency", async (severity) => {
    const registry = await advisoryRegistry(severity);
    try {
      const result = await runScan({
        SCAN_STEPS: "audit-policy-pack",
        SCAN_POLICY_PACK_DIR: fixturePackage(),
        SCAN_ALLOW_AUDIT_UNAVAILABLE: "1", // must not soften a real finding
        npm_config_registry: registry.url,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`FAIL +audit-policy-pack +1 high/critical advisories .*: ms \\(${severity}\\)`));
    } finally {
      await registry.close();
    }
  });

  it("passes a moderate advisory", async () => {
    const registry = await advisoryRegistry("moderate");
    try {
      const result = await runScan({
        SCAN_STEPS: "audit-policy-pack",
        SCAN_POLICY_PACK_DIR: fixturePackage(),
        npm_config_registry: registry.url,
      });
      expect(result.stdout).toMatch(/PASS +audit-policy-pack +no high or critical advisories \(0 info, 0 low, 1 moderate, 0 high, 0 critical\)/);
      expect(result.code).toBe(0);
      expect(lastLine(result.stdout)).toBe("Security scan passed: 1 PASS, 0 FAIL, 0 UNAVAILABLE (of 1 steps)");
    } finally {
      await registry.close();
    }
  });

  it("fails with ENOLOCK's explanation when the audited package has no lockfile", async () => {
    const result = await runScan({ SCAN_STEPS: "audit-policy-pack", SCAN_POLICY_PACK_DIR: fixturePackage(false) });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL +audit-policy-pack +npm audit failed with ENOLOCK/);
  });

  it("keeps running after a failed step and lists every failure in the summary", async () => {
    const result = await runScan({
      SCAN_STEPS: "audit-policy-pack,eslint-security",
      SCAN_POLICY_PACK_DIR: tempDir("scan-empty-"),
      SCAN_FORCE_FAIL: "eslint-security",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL +audit-policy-pack +no .*\/package\.json to audit/);
    expect(result.stdout).toMatch(/FAIL +eslint-security +forced to fail by SCAN_FORCE_FAIL/);
    expect(lastLine(result.stdout)).toBe("Security scan FAILED: 0 PASS, 2 FAIL, 0 UNAVAILABLE (of 2 steps); failed: audit-policy-pack eslint-security");
  });

  it("writes the summary and a dated JSON report under SCAN_REPORT_DIR, for CI to keep beside the SBOM", async () => {
    const reports = tempDir("scan-reports-");
    const result = await runScan({
      SCAN_STEPS: "audit-policy-pack,eslint-security",
      SCAN_POLICY_PACK_DIR: fixturePackage(),
      SCAN_ALLOW_AUDIT_UNAVAILABLE: "1",
      SCAN_FORCE_FAIL: "eslint-security",
      SCAN_REPORT_DIR: reports,
      npm_config_registry: "http://127.0.0.1:9/",
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(reports, "security-scan.json"), "utf8")) as {
      scannedAt: string;
      commit: string;
      verdict: string;
      passed: number;
      failed: number;
      unavailable: number;
      steps: { step: string; status: string }[];
      summary: string;
    };
    expect(Date.now() - Date.parse(report.scannedAt)).toBeLessThan(120_000);
    expect(report.commit).toMatch(/^[0-9a-f]{40}$/);
    expect([report.verdict, report.passed, report.failed, report.unavailable]).toEqual(["FAILED", 0, 1, 1]);
    expect(report.steps.map((s) => `${s.step} ${s.status}`)).toEqual(["audit-policy-pack UNAVAILABLE", "eslint-security FAIL"]);
    expect(report.summary).toBe(lastLine(result.stdout));
    expect(lastLine(fs.readFileSync(path.join(reports, "security-scan.txt"), "utf8"))).toBe(report.summary);
  });

  it("rejects an unknown step name instead of scanning nothing", async () => {
    const result = await runScan({ SCAN_STEPS: "audit-runtme" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown step 'audit-runtme'");
  });
});
