/**
 * The commands the documentation tells a reader to type exist: every `npm run <script>` is a script
 * of package.json, every flag given to `npm run plan`, `thumbnail` or `bench` is an option those
 * tools declare, and every repository path named in backticks exists.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { documentFiles, read, ROOT } from "./documents";

const DOCS = documentFiles().map((file) => ({ file, text: read(file) }));
const scriptsOf = (file: string) => Object.keys((JSON.parse(read(file)) as { scripts: Record<string, string> }).scripts);
// The policy pack has its own package.json (`npm run build` inside policy-pack/).
const scripts = [...scriptsOf("package.json"), ...scriptsOf("policy-pack/package.json")];

/** Option names a tool declares to util.parseArgs (`name: { type: ... }`), across its source files. */
function declaredOptions(...files: string[]): Set<string> {
  const names = new Set<string>(["help"]);
  for (const file of files) {
    for (const m of fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/(?:^\s*|[{,]\s*)"?([\w-]+)"?:\s*\{\s*type:\s*"(?:string|boolean)"/gm)) names.add(m[1]);
  }
  return names;
}

const TOOLS: Record<string, Set<string>> = {
  plan: declaredOptions("tools/plan-flags.ts"),
  thumbnail: declaredOptions("tools/thumbnail.ts"),
  bench: declaredOptions("bench/run.ts"),
};

test("the option scan reads the tools' declarations", () => {
  expect([...TOOLS.thumbnail].sort()).toEqual(["help", "max-bytes", "max-pixels", "out", "quality", "variants"]);
  for (const flag of ["stack", "program", "json", "mermaid", "skip-policy", "markdown", "flows", "dashboard", "dashboard-svg", "policy-pack-config"])
    expect(TOOLS.plan).toContain(flag);
});

describe.each(DOCS)("$file", ({ file, text }) => {
  it("names only npm scripts that exist", () => {
    const named = [...text.matchAll(/npm run (?:-s )?([\w:-]*\w)/g)].map((m) => m[1]);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("gives the plan, thumbnail and bench tools only flags they declare", () => {
    const unknown: string[] = [];
    for (const m of text.matchAll(/npm run (?:-s )?(plan|thumbnail|bench) -- ([^\n`|#]*)/g)) {
      for (const flag of m[2].matchAll(/(?:^|\s)--([a-z][\w-]*)/g)) if (!TOOLS[m[1]].has(flag[1])) unknown.push(`${m[1]} --${flag[1]}`);
    }
    expect(unknown).toEqual([]);
  });

  it("names only repository paths that exist", () => {
    const paths = [...text.matchAll(/`((?:__tests__|bench|components|docs|handlers|offline|policy-pack|scripts|tools|\.github|\.ci)\/[\w./-]*[\w/])`/g)].map((m) => m[1]);
    const missing = paths.filter((p) => !p.includes("*") && !fs.existsSync(path.join(ROOT, p)) && !fs.existsSync(path.join(path.dirname(path.join(ROOT, file)), p)));
    expect(missing).toEqual([]);
  });
});
