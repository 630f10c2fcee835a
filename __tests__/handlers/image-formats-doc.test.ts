/** docs/image-formats.md states facts the code owns: the budget, the commands, the fixture paths. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DECODE_MEMORY_BUDGET_MIB } from "../../handlers/image/memory-budget";

const ROOT = join(__dirname, "..", "..");
const doc = readFileSync(join(ROOT, "docs", "image-formats.md"), "utf8");
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("docs/image-formats.md", () => {
  it("names the decode memory budget with its value", () => {
    expect(doc).toContain(`\`DECODE_MEMORY_BUDGET_MIB\` = ${DECODE_MEMORY_BUDGET_MIB}`);
  });

  it("gives the fuzz command that package.json defines, and the test and fixture paths that exist", () => {
    expect(scripts.fuzz).toBe("ts-node --transpile-only tools/fuzz.ts");
    expect(doc).toContain("npm run fuzz -- --minutes N");
    for (const path of [
      "__tests__/fuzz/fuzz.test.ts",
      "__tests__/conformance/conformance.test.ts",
      "__tests__/fixtures/fuzz-crashes/",
      "scripts/conformance_corpus.py",
      "requirements-dev.txt",
    ]) {
      expect(doc).toContain(path);
      expect(() => readFileSync(join(ROOT, path.replace(/\/$/, "/gif-lzw-table-cycle.gif")))).not.toThrow();
    }
  });

  it("gives the reference's pinned version from requirements-dev.txt", () => {
    const pinned = /^Pillow==(\S+)$/m.exec(readFileSync(join(ROOT, "requirements-dev.txt"), "utf8"))?.[1];
    expect(doc).toContain(`Pillow ${pinned}`);
  });
});
