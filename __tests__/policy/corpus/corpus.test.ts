/**
 * The policy corpus: small programs under corpus/programs/, each a misconfiguration (expecting one
 * policy at one level) or a legitimate pattern (expecting no violation of the policy it is about,
 * and no mandatory violation at all). Every program is planned the way `npm run plan --program`
 * plans it (offline/run-program under the mocks) and judged through the analyzer handlers the
 * pack's gRPC server uses (offline/policy-eval). Programs run one after another in this process,
 * sharing the loaded SDKs.
 *
 * Programs under corpus/programs/blind/ were written by someone who never read the pack (its
 * README says how they read the rule): minimal stacks that break other rules on the way, so each
 * is judged only on the policy it is about.
 *
 * The recall and false-positive counts are written in docs/policy-corpus.md; this test fails when
 * they change (regenerate with UPDATE_POLICY_CORPUS_DOC=1 npx jest __tests__/policy/corpus/corpus.test.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { evaluatePolicies, Violation } from "../../../offline/policy-eval";
import { runProgram } from "../../../offline/run-program";
import type { Expectation } from "./support";

const PROGRAMS = path.join(__dirname, "programs");
const BLIND = "blind";
const DOC = path.resolve(__dirname, "..", "..", "..", "docs", "policy-corpus.md");

interface Outcome {
  readonly name: string;
  readonly source: string;
  readonly expected: Expectation;
  readonly violations: Violation[];
  /** Why the program could not be planned, if it could not. */
  readonly error?: string;
}

const outcomes = new Map<string, Outcome>();
const programsIn = (dir: string) =>
  fs
    .readdirSync(path.join(PROGRAMS, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.posix.join(dir, f.replace(/\.ts$/, "")))
    .sort();
const names = [...programsIn(""), ...programsIn(BLIND)];
const isBlind = (name: string) => name.startsWith(`${BLIND}/`);

beforeAll(async () => {
  for (const name of names) {
    const file = path.join(PROGRAMS, `${name}.ts`);
    const source = fs
      .readFileSync(file, "utf8")
      .split("\n")[0]
      .replace(/^\/\/\s*/, "");
    try {
      const run = await runProgram({ program: file, timeoutMs: 30_000 });
      outcomes.set(name, { name, source, expected: run.outputs.expected as Expectation, violations: await evaluatePolicies(run.resources) });
    } catch (error) {
      outcomes.set(name, { name, source, expected: { clean: "(not planned)" }, violations: [], error: (error as Error).message });
    }
  }
}, 600_000);

function caught(o: Outcome): boolean {
  return (
    "policy" in o.expected && o.violations.some((v) => v.policyName === (o.expected as { policy: string }).policy && v.enforcementLevel === (o.expected as { level: string }).level)
  );
}

/** The violations that make a legitimate program a false positive: any of its policy; any mandatory one too, except for blind cases. */
function wrongly(o: Outcome): Violation[] {
  if (!("clean" in o.expected)) return [];
  const about = o.expected.clean;
  return o.violations.filter((v) => v.policyName === about || (!isBlind(o.name) && v.enforcementLevel === "mandatory"));
}

function falsePositive(o: Outcome): boolean {
  return wrongly(o).length > 0;
}

const summary = (v: Violation[]) => v.map((x) => `${x.policyName} (${x.enforcementLevel}): ${x.message.split("\n").pop()}`);

describe("policy corpus", () => {
  test("holds at least 60 misconfigured and 20 legitimate programs", () => {
    const all = [...outcomes.values()];
    expect(all.filter((o) => "policy" in o.expected).length).toBeGreaterThanOrEqual(60);
    expect(all.filter((o) => "clean" in o.expected).length).toBeGreaterThanOrEqual(20);
  });

  test.each(names)("%s", (name) => {
    const outcome = outcomes.get(name)!;
    expect(outcome.error).toBeUndefined();
    if ("policy" in outcome.expected) {
      expect({ caught: caught(outcome), violations: summary(outcome.violations) }).toEqual({ caught: true, violations: expect.any(Array) });
    } else {
      expect(summary(wrongly(outcome))).toEqual([]);
    }
  });

  test("docs/policy-corpus.md states the measured recall and false positives", () => {
    const doc = corpusDoc([...outcomes.values()]);
    if (process.env.UPDATE_POLICY_CORPUS_DOC === "1") fs.writeFileSync(DOC, doc);
    expect(fs.readFileSync(DOC, "utf8")).toBe(doc);
  });
});

/** Measured once, on the pack before key-alerts-need-trail existed: a record, not a computation. */
const BLIND_BEFORE = { misconfigured: 18, caught: 0, legitimate: 13, falsePositives: 0 };

function corpusDoc(all: Outcome[]): string {
  const bad = all.filter((o) => "policy" in o.expected);
  const good = all.filter((o) => "clean" in o.expected);
  const row = (o: Outcome) => {
    const e = o.expected;
    const expectation = "policy" in e ? `\`${e.policy}\` (${e.level})` : isBlind(o.name) ? `clean: \`${e.clean}\`` : `clean: \`${e.clean}\`, no mandatory`;
    const verdict = "policy" in e ? (caught(o) ? "caught" : "missed") : falsePositive(o) ? "false positive" : "clean";
    return `| \`${o.name}\` | ${expectation} | ${verdict} | ${o.source.replace(/\|/g, "\\|")} |`;
  };
  const blindBad = bad.filter((o) => isBlind(o.name));
  const blindGood = good.filter((o) => isBlind(o.name));
  return [
    "# Policy corpus",
    "",
    "Generated by `__tests__/policy/corpus/corpus.test.ts` (`UPDATE_POLICY_CORPUS_DOC=1 npx jest __tests__/policy/corpus/corpus.test.ts`); the test fails when the numbers drift.",
    "Each program in `__tests__/policy/corpus/programs/` is planned offline (as `npm run plan -- --program <file>`) and judged by the whole pack.",
    "",
    `- Misconfigured programs: ${bad.length}; caught with the expected policy and level: ${bad.filter(caught).length} (recall ${((100 * bad.filter(caught).length) / bad.length).toFixed(1)} %)`,
    `- Legitimate programs: ${good.length}; false positives (a mandatory violation, or any violation of the policy the program is about): ${good.filter(falsePositive).length}`,
    "",
    "## Blind cases",
    "",
    "The programs under `blind/` were written for `key-alerts-need-trail` by someone who never read the pack (their `README.md` says how they read the rule). They are minimal stacks that break other rules on the way (unencrypted topics, bare trail buckets), so each is judged only on the policy it is about.",
    "",
    `- Before the rule existed (the pack of that day, same harness): ${BLIND_BEFORE.caught} of ${BLIND_BEFORE.misconfigured} caught, ${BLIND_BEFORE.falsePositives} of ${BLIND_BEFORE.legitimate} false positives.`,
    `- Now: ${blindBad.filter(caught).length} of ${blindBad.length} caught, ${blindGood.filter(falsePositive).length} of ${blindGood.length} false positives.`,
    "",
    "| Program | Expected | Verdict | Drawn from |",
    "| --- | --- | --- | --- |",
    ...all.map(row),
    "",
  ].join("\n");
}
