/**
 * docs/security-controls.md brings the security policy into the repository: every control ID the
 * code, tests, config and docs cite has a row, and every file and test a row names exists.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { read, ROOT } from "./documents";

interface Control {
  id: string;
  implementedIn: string[];
  provedBy: string[];
  provedByCell: string;
}

const SKIP = new Set(["node_modules", ".git", ".build", ".venv", ".bench", "dist", "reports", ".stryker-tmp", "bin"]);
const TEXT = /\.(ts|js|mjs|ya?ml|sh|md)$/;

function repositoryFiles(dir = ""): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : repositoryFiles(rel);
    return TEXT.test(entry.name) && rel !== "package-lock.json" ? [rel] : [];
  });
}

/** The control IDs a text cites, in the forms the project writes them (each once). */
function citedControls(text: string): string[] {
  const ids: string[] = [];
  const id = (raw: string) => (/^appendix/i.test(raw) ? `appendix ${raw.slice(-1).toUpperCase()}` : raw);
  for (const m of text.matchAll(/security policy,? (?:section )?(appendix [A-Z]\b|\d+(?:\.\d+)?\b)/gi)) ids.push(id(m[1]));
  for (const m of text.matchAll(/\b(?:an? |the |policy's )?appendix ([A-Z])\b/g)) ids.push(`appendix ${m[1]}`);
  for (const m of text.matchAll(/\b(?:sections?|control) (\d+(?:\.\d+)?)(?:(?:,| and) (\d+\.\d+))*/g)) {
    ids.push(m[1]);
    for (const more of m[0].matchAll(/(?:,| and) (\d+\.\d+)/g)) ids.push(more[1]);
  }
  // Test names that start with the control they prove ("3.4 alarm: ...").
  for (const m of text.matchAll(/\b(?:describe|test|it)\("(\d\.\d) /g)) ids.push(m[1]);
  return [...new Set(ids)];
}

function controls(): Control[] {
  const rows = read("docs/security-controls.md")
    .split("\n")
    .filter((line) => /^\| (\d|appendix)/.test(line));
  return rows.map((row) => {
    const [id, , implemented, proved] = row.split(" | ").map((cell) => cell.replace(/^\| | \|$/g, ""));
    const paths = (cell: string) => [...cell.matchAll(/`([\w./-]+\.\w+)`/g)].map((m) => m[1]);
    return { id, implementedIn: paths(implemented), provedBy: paths(proved), provedByCell: proved };
  });
}

test("the citation scan reads the forms the project writes", () => {
  expect(citedControls("(security policy 3.4) security policy appendix C; at the appendix C maximum")).toEqual(["3.4", "appendix C"]);
  expect(citedControls("departs from the policy (sections 3.4 and 3.5 require it); control 6.2; section 10")).toEqual(["3.4", "3.5", "6.2", "10"]);
  expect(citedControls('describe("3.1 Encryption", () => {')).toEqual(["3.1"]);
});

test("one row per control ID", () => {
  const ids = controls().map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeGreaterThanOrEqual(10);
});

test("every control the repository cites has a row", () => {
  const known = new Set(controls().map((c) => c.id));
  const citations = repositoryFiles().flatMap((file) => citedControls(read(file)).map((id) => ({ file, id })));
  expect(new Set(citations.map((c) => c.id)).size).toBeGreaterThanOrEqual(10);
  expect(citations.filter((c) => !known.has(c.id)).map((c) => `${c.file}: ${c.id}`)).toEqual([]);
});

describe.each(controls())("control $id", (control) => {
  it("names implementation files that exist", () => {
    expect(control.implementedIn.length).toBeGreaterThan(0);
    expect(control.implementedIn.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  it("names test files that exist, or says why none can prove it", () => {
    if (control.provedBy.length === 0) return expect(control.provedByCell).toMatch(/^none: \w/);
    expect(control.provedBy.filter((file) => !/^__tests__\/.+\.test\.ts$/.test(file) || !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
  });
});

test("each control the security-policy suite has a test for lists that suite", () => {
  const suite = "__tests__/stack/security-policy.test.ts";
  const tested = new Set([...read(suite).matchAll(/\btest\("(\d\.\d) /g)].map((m) => m[1]));
  const rows = controls().filter((c) => tested.has(c.id) && !c.provedBy.includes(suite));
  expect(rows.map((c) => c.id)).toEqual([]);
});
