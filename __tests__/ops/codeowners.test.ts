/**
 * .github/CODEOWNERS, read with GitHub's rules (the last matching pattern wins; a leading `/`
 * anchors at the root; a trailing `/` owns everything below; `*` stays within one path segment):
 * every file that decides keys, IAM, the guardrails or the deploy needs the security team, and
 * the rest of the repository does not (so a security review means something).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SECURITY = "@secure-image-pipeline/security";

const rules = fs
  .readFileSync(path.join(ROOT, ".github/CODEOWNERS"), "utf8")
  .split("\n")
  .map((line) => line.replace(/#.*/, "").trim())
  .filter(Boolean)
  .map((line) => {
    const [pattern, ...owners] = line.split(/\s+/);
    return { pattern, owners };
  });

function matches(pattern: string, file: string): boolean {
  if (pattern === "*") return true;
  const anchored = pattern.startsWith("/");
  const body = pattern.replace(/^\//, "");
  const dir = body.endsWith("/");
  const source = body
    .replace(/\/$/, "")
    .split("")
    .map((c) => (c === "*" ? "[^/]*" : c.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`${anchored ? "^" : "(^|/)"}${source}${dir ? "/" : "$"}`).test(file);
}

const ownersOf = (file: string): string[] => rules.filter((r) => matches(r.pattern, file)).at(-1)?.owners ?? [];
const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);

it("the matcher follows GitHub's pattern rules", () => {
  expect(matches("/components/", "components/a/b.ts")).toBe(true);
  expect(matches("/components/", "x/components/a.ts")).toBe(false);
  expect(matches("/Pulumi.*.yaml", "Pulumi.dev.yaml")).toBe(true);
  expect(matches("/Pulumi.*.yaml", "Pulumi.yaml")).toBe(false);
  expect(matches("/offline/policy-*.ts", "offline/policy-eval.ts")).toBe(true);
  expect(matches("/offline/policy-*.ts", "offline/run-program.ts")).toBe(false);
});

it("requires the security team for the pack, the components, key and IAM code, the stacks and the workflows", () => {
  const mustBeSecurity = tracked.filter((f) => /^(policy-pack|components|\.github\/workflows)\//.test(f));
  expect(mustBeSecurity.length).toBeGreaterThan(30);
  for (const file of [
    ...mustBeSecurity,
    "components/encryption-key.ts",
    "components/image-processor-iam.ts",
    "components/reprocess-job-role.ts",
    "components/pipeline-access.ts",
    "components/policy-document.ts",
    "index.ts",
    "Pulumi.prod.yaml",
    "offline/policy-eval.ts",
    "scripts/security_scan.sh",
    ".github/CODEOWNERS",
  ]) {
    expect(`${file}: ${ownersOf(file).join(" ")}`).toBe(`${file}: ${SECURITY}`);
  }
});

it("leaves the rest to the maintainers, and every tracked file has an owner", () => {
  for (const file of ["handlers/index.ts", "docs/runbook.md", "README.md", "__tests__/handlers/faults.test.ts"]) {
    expect(ownersOf(file)).toEqual(["@secure-image-pipeline/maintainers"]);
  }
  expect(tracked.filter((f) => ownersOf(f).length === 0)).toEqual([]);
});
