/** Every relative link in the documentation resolves: the file exists, and a #fragment names a heading of it. */
import * as fs from "node:fs";
import * as path from "node:path";
import { anchorOf, anchorsOf, documentFiles, prose, read, ROOT } from "./documents";

function relativeLinks(markdown: string): string[] {
  return [
    ...prose(markdown)
      .replace(/`[^`\n]*`/g, "")
      .matchAll(/\]\(([^)\s]+)\)/g),
  ]
    .map((m) => m[1])
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe.each(documentFiles())("%s", (file) => {
  it("has only relative links that resolve", () => {
    const broken = relativeLinks(read(file)).filter((link) => {
      const [target, fragment] = link.split("#");
      const resolved = target === "" ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), target);
      if (!fs.existsSync(resolved)) return true;
      return fragment !== undefined && resolved.endsWith(".md") && !anchorsOf(fs.readFileSync(resolved, "utf8")).has(fragment);
    });
    expect(broken).toEqual([]);
  });
});

test("the link checker sees links and anchors (a broken one is caught)", () => {
  expect(relativeLinks("[a](docs/x.md#y) [b](https://example.com) `[c](no.md)`\n```\n[d](in-code.md)\n```")).toEqual(["docs/x.md#y"]);
  expect(anchorOf("Before you start: the stack's names")).toBe("before-you-start-the-stacks-names");
  expect(anchorOf("S3 storage over 80% of the free tier (Medium)")).toBe("s3-storage-over-80-of-the-free-tier-medium");
  expect(anchorOf("The image handler (`handlers/`)")).toBe("the-image-handler-handlers");
});

test("README.md is a front door: at most 200 lines, starting with the two commands", () => {
  const readme = read("README.md");
  expect(readme.split("\n").length).toBeLessThanOrEqual(200);
  const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  expect(
    firstBlock
      .split("\n")
      .map((line) => line.split("#")[0].trim())
      .filter(Boolean),
  ).toEqual(["npm ci && npm run plan", "npm test"]);
});
