/**
 * The fuzzer in CI: a fixed-seed run over every decoder (the same cases every time, well inside
 * two minutes), and a replay of every crash the fuzzer has ever found (__tests__/fixtures/fuzz-crashes).
 * Each case must end as an accepted image or a typed `ImageRejection`, inside its time and
 * memory limits. The long run is `npm run fuzz -- --minutes N`.
 */
import { readdirSync } from "node:fs";
import { CRASH_DIR, fuzz, runCase, savedCrashes } from "../../tools/fuzz/harness";

const SEED = 20261201;
const CASES = 15_000;

describe("image-core fuzzing", () => {
  it("every saved crash replays as an accepted image or a typed rejection, within limits", async () => {
    const crashes = savedCrashes();
    expect(crashes.map((c) => c.name)).toEqual(
      readdirSync(CRASH_DIR)
        .filter((n) => !n.startsWith("."))
        .sort(),
    );
    expect(crashes.length).toBeGreaterThanOrEqual(3);
    for (const crash of crashes) {
      const result = await runCase(crash.input);
      expect({ name: crash.name, crash: result.crash }).toEqual({ name: crash.name, crash: undefined });
    }
  });

  it(`a fixed-seed run of ${CASES} mutants finds no crash, and exercises both outcomes`, async () => {
    const summary = await fuzz({ seed: SEED, cases: CASES });
    expect(summary.crashes.map((c) => `${c.name}: ${c.reason}`)).toEqual([]);
    expect(summary.cases).toBe(CASES);
    expect(summary.accepted).toBeGreaterThan(CASES / 50);
    expect(summary.rejected).toBeGreaterThan(CASES / 4);
  }, 110_000);
});
