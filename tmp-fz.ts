import { writeFileSync } from "node:fs";
import { mutate, random, seeds, runCase } from "./tools/fuzz/harness";
(async () => {
  const corpus = await seeds();
  const rnd = random(Number(process.env.SEED ?? 1));
  for (let i = 0; i < 60000; i++) {
    const input = mutate(corpus[Math.floor(rnd() * corpus.length)], corpus, rnd);
    writeFileSync("/tmp/fz-current.bin", input);
    const t = Date.now();
    const r = await runCase(input);
    if (Date.now() - t > 500 || r.crash) { console.log(i, Date.now() - t, r); writeFileSync("/tmp/slow-" + i + ".bin", input); }
    if (i % 500 === 0) console.error("case", i);
  }
})();
