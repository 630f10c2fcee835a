/**
 * The blind-corpus harness: plans every program of a directory of programs written from risk
 * descriptions alone (`expected = { risky: [...], level, risk }` or `{ safe: [...], risk }`,
 * judged on the named resources only) through the whole pack, and measures recall at the expected
 * level and false positives per risk class.
 *
 *   BLIND_CORPUS_DIR=<dir> BLIND_FIGURES_OUT=<file.json> npx jest __tests__/policy/corpus/blind.test.ts --selectProjects stack
 *
 * Programs are planned in BLIND_ACCOUNT (the account they call "this account"; BLIND_ACCOUNT_ID
 * overrides it). Without BLIND_CORPUS_DIR it measures the copy kept in the corpus (__tests__/policy/corpus/programs/blind-risks/).
 * The test holds every program to being plannable and to naming only resources it creates (a name
 * it never registers could never be judged); the figures themselves are held by the corpus test
 * and docs/policy-corpus.md.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BLIND_ACCOUNT, figuresByClass, nameOf, Outcome, planProgram, programNames, unknownNames, verdicts, violationsOn } from "./harness";

const PROJECT = path.resolve(__dirname, "..", "..", "..");
const DIRECTORY = path.resolve(process.env.BLIND_CORPUS_DIR ?? path.join(__dirname, "programs", "blind-risks"));
const names = programNames(DIRECTORY);

/** Programs outside the project cannot resolve its packages: plan copies beside a link to its node_modules. */
function plannable(directory: string): string {
  if (!path.relative(PROJECT, directory).startsWith("..")) return directory;
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "blind-corpus-"));
  fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(copy, "node_modules"), "dir");
  for (const name of names) fs.copyFileSync(path.join(directory, `${name}.ts`), path.join(copy, `${name}.ts`));
  return copy;
}
const outcomes: Outcome[] = [];

beforeAll(async () => {
  const directory = plannable(DIRECTORY);
  for (const name of names) outcomes.push(await planProgram(path.join(directory, `${name}.ts`), { accountId: process.env.BLIND_ACCOUNT_ID ?? BLIND_ACCOUNT }));
  if (directory !== DIRECTORY) fs.rmSync(directory, { recursive: true, force: true });
  const named = (o: Outcome) => ("risky" in o.expected ? o.expected.risky : "safe" in o.expected ? o.expected.safe : []).flatMap((r) => violationsOn(o, r));
  const findings = Object.fromEntries(outcomes.map((o) => [o.name, named(o).map((v) => `${nameOf(v.urn)}: ${v.policyName} (${v.enforcementLevel})`)]));
  const figures = { directory: DIRECTORY, byClass: figuresByClass(outcomes), verdicts: verdicts(outcomes), findings };
  if (process.env.BLIND_FIGURES_OUT) fs.writeFileSync(process.env.BLIND_FIGURES_OUT, `${JSON.stringify(figures, null, 2)}\n`);
}, 900_000);

describe(`blind corpus in ${path.relative(process.cwd(), DIRECTORY) || DIRECTORY}`, () => {
  test("holds risky and safe programs of known risk classes", () => {
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect([o.name, "risk" in o.expected]).toEqual([o.name, true]);
  });

  test.each(names)("%s plans and names only resources it creates", (name) => {
    const outcome = outcomes.find((o) => o.name === name)!;
    expect({ error: outcome.error, unknownNames: unknownNames(outcome) }).toEqual({ error: undefined, unknownNames: [] });
  });
});
