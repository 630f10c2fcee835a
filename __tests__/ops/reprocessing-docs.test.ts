/**
 * docs/reprocessing.md and the runbook entry (docs/runbook.md) stay true to the code: the flags, stack
 * outputs, prefixes, key-policy statement and result strings they name are the ones the command,
 * the program and the handler use; every documented command line parses.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPROCESS_JOB_DEFAULTS } from "../../components/reprocess-prefixes";
import { REPROCESS_KEY_USE } from "../../components/reprocess-job-role";
import { keyPolicyStatements, ENCRYPTION_KEY_DEFAULTS } from "../../components/encryption-key";
import { BATCH_OUTCOMES } from "../../handlers/batch";
import { parseReprocessArgs, REPROCESS_FLAGS, STACK_OUTPUTS } from "../../scripts/reprocess";

const ROOT = path.resolve(__dirname, "../..");
const DOC = fs.readFileSync(path.join(ROOT, "docs/reprocessing.md"), "utf8");
const RUNBOOK = fs.readFileSync(path.join(ROOT, "docs/runbook.md"), "utf8");

it("documents every flag of the command, and no other", () => {
  const table = DOC.slice(DOC.indexOf("| Flag |"), DOC.indexOf("\n\n", DOC.indexOf("| Flag |")));
  const documented = [...table.matchAll(/`--([a-z-]+)/g)].map((m) => m[1]);
  expect([...new Set(documented)].sort()).toEqual(Object.keys(REPROCESS_FLAGS).sort());
});

it("every documented command line is accepted by the command", () => {
  const lines = [...`${DOC}\n${RUNBOOK}`.matchAll(/npm run reprocess -- ([^\n#]*)/g)].map((m) => m[1].trim());
  expect(lines.length).toBeGreaterThanOrEqual(5);
  for (const line of lines) expect(() => parseReprocessArgs(line.split(/\s+/))).not.toThrow();
});

it("names the stack outputs, prefixes and key-policy statement the code uses", () => {
  for (const output of Object.values(STACK_OUTPUTS)) expect(DOC).toContain(`\`${output}\``);
  expect(DOC).toContain(REPROCESS_JOB_DEFAULTS.manifestPrefix);
  expect(DOC).toContain(REPROCESS_JOB_DEFAULTS.reportPrefix);
  expect(RUNBOOK).toContain(REPROCESS_JOB_DEFAULTS.manifestPrefix);
  expect(RUNBOOK).toContain(REPROCESS_JOB_DEFAULTS.reportPrefix);
  const sids = keyPolicyStatements({
    account: "123456789012",
    region: "us-east-1",
    partition: "aws",
    settings: { ...ENCRYPTION_KEY_DEFAULTS, viaServiceUsers: [{ id: "ReprocessRole", principalArns: ["arn:aws:iam::123456789012:role/r"], ...REPROCESS_KEY_USE }] },
  }).map((s) => s.Sid);
  const named = [...DOC.matchAll(/statement\s+`(\w+)`/g)].map((m) => m[1]);
  expect(named).toEqual(["AllowReprocessRoleViaServices"]);
  for (const sid of named) expect(sids).toContain(sid);
});

it("the report table lists each result the handler gives, with its code", () => {
  const rows = DOC.slice(DOC.indexOf("| Result code |"));
  for (const { resultCode, resultString } of Object.values(BATCH_OUTCOMES)) {
    const word = resultString.split(":")[0];
    expect(rows).toMatch(new RegExp(`\\| \`${resultCode}\` \\| [^|]*\`${word}:\``));
  }
});
