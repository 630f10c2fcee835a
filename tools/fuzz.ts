/**
 * The image-core fuzzer on demand:
 *
 *   npm run fuzz -- --minutes N [--seed S] [--no-save]
 *
 * Mutates the committed fixtures (tools/fuzz/harness.ts) and runs every decoder in-process with
 * per-case time and memory limits for N minutes (default 1). Each crash is printed and saved
 * under __tests__/fixtures/fuzz-crashes/ (commit it: the regression test replays them all).
 * Prints one JSON summary; exit code 1 if anything crashed.
 */
import { parseArgs } from "node:util";
import { fuzz, saveCrash } from "./fuzz/harness";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { minutes: { type: "string", default: "1" }, seed: { type: "string" }, "no-save": { type: "boolean", default: false } },
  });
  const minutes = Number(values.minutes);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  if (!(minutes > 0) || !Number.isInteger(seed)) {
    process.stderr.write("usage: npm run fuzz -- --minutes N [--seed S] [--no-save]\n");
    return 64;
  }
  const summary = await fuzz({
    seed,
    until: Date.now() + minutes * 60_000,
    onCrash: (crash) => {
      const saved = values["no-save"] ? "" : ` saved as ${saveCrash(crash.input)}`;
      process.stderr.write(`crash: ${crash.name}: ${crash.reason}${saved}\n`);
    },
  });
  const { crashes, ...counts } = summary;
  process.stdout.write(`${JSON.stringify({ seed, ...counts, crashes: crashes.length })}\n`);
  return crashes.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
