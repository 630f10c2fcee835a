/**
 * Facts that several documents state come from one place (offline/doc-facts.ts, over the planned
 * dev stack): every `<!-- fact:name -->value<!-- /fact -->` marker holds the computed value, and
 * an alarm count or a per-image time written outside a marker fails, so no doc can drift from
 * another. Regenerate with UPDATE_DOC_FACTS=1 npx jest __tests__/stack/doc-facts.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { docFacts, FACT_MARKER, withFacts } from "../../offline/doc-facts";
import { documentFiles, read, ROOT } from "../docs/documents";
import { loadDevStack } from "./support/dev-stack";

let facts: Record<string, string>;
beforeAll(async () => {
  facts = docFacts((await loadDevStack()).resources);
});

test("the facts are the program's: its alarms, the per-image time and what follows from it", () => {
  expect(facts).toMatchObject({ perImageSeconds: "5", imagesPerHour: "720", hoursFor10000Images: "14", gbSecondsFor10000Images: "25,000" });
  expect(Number(facts.alarms)).toBeGreaterThanOrEqual(4);
});

test.each(documentFiles())("%s: every fact marker holds the computed value", (file) => {
  const text = read(file);
  const expected = withFacts(text, facts, file);
  if (process.env.UPDATE_DOC_FACTS === "1" && expected !== text) fs.writeFileSync(path.join(ROOT, file), expected);
  expect(text).toBe(expected);
});

test.each(documentFiles())("%s: alarm counts and per-image times appear only inside fact markers", (file) => {
  const outside = read(file).replace(FACT_MARKER, "");
  // "10 alarms" is the free tier's allowance, not the stack's count.
  const stray = [...outside.matchAll(/\b(?!10 )\d+ (?:alarms|s per image|s each)\b|\b(?:four|five|six) alarms\b/g)].map((m) => m[0]);
  expect(stray).toEqual([]);
});

test("the docs that state these facts use the markers", () => {
  const marked = documentFiles().filter((f) => [...read(f).matchAll(FACT_MARKER)].length > 0);
  expect(marked).toEqual(expect.arrayContaining(["docs/operations.md", "docs/reprocessing.md", "docs/operations-alerts.md"]));
});
