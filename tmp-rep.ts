import { writeFileSync } from "node:fs";
import { mutate, random, seeds } from "./tools/fuzz/harness";
(async () => {
  const corpus = await seeds();
  const rnd = random(Number(process.argv[2]));
  const want = Number(process.argv[3]);
  for (let i = 1; i <= want; i++) {
    const input = mutate(corpus[Math.floor(rnd() * corpus.length)], corpus, rnd);
    if (i === want) writeFileSync("/tmp/case.bin", input);
  }
})();
