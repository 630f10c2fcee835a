/** docs/packaging.md names commands, settings and keys: each must be the project's real one. */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { BUNDLE_SETTINGS, SDK_SOURCES } from "../../components/handler-build";
import { IMAGE_PROCESSOR_DEFAULTS } from "../../components/image-processor";

const ROOT = path.resolve(__dirname, "../..");
const DOC = fs.readFileSync(path.join(ROOT, "docs", "packaging.md"), "utf8");
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

test("every `npm run` it shows is a script of package.json", () => {
  const named = [...DOC.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(3);
  expect(named.filter((name) => !(name in scripts))).toEqual([]);
});

test("the tools it calls prebuilt run dist/app JavaScript after a build-if-stale, and npm ci builds", () => {
  expect(scripts.prepare).toBe(scripts.build);
  for (const tool of ["plan", "thumbnail", "bench", "package"]) {
    expect([tool, scripts[tool].startsWith("node dist/app/"), scripts[`pre${tool}`]]).toEqual([tool, true, `${scripts.build} --if-stale`]);
    expect(DOC).toContain(`\`npm run ${tool}\``);
  }
});

test("the bundle settings table gives each setting's real value", () => {
  for (const key of ["format", "platform", "target", "sourcemap", "legalComments"] as const) {
    expect(DOC).toMatch(new RegExp(`\\| [^|\\n]*\`${key}\`[^|\\n]*\\| [^|\\n]*\`${BUNDLE_SETTINGS[key]}\``));
  }
  expect(DOC).toContain(`\`mainFields\` | ${BUNDLE_SETTINGS.mainFields.map((f) => `\`${f}\``).join(", ")} |`);
});

test("the SDK choice: its values, the stack config key and its default are the code's", () => {
  const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { default: unknown }> };
  expect(project.config.lambdaSdk.default).toBe(IMAGE_PROCESSOR_DEFAULTS.sdk);
  expect(DOC).toContain(`\`${IMAGE_PROCESSOR_DEFAULTS.sdk}\` (default)`);
  for (const sdk of SDK_SOURCES) expect(DOC).toContain(`\`${sdk}\``);
  expect(DOC).toContain("`lambdaSdk: runtime`");
  expect(DOC).toContain("`npm run -s package -- --sdk runtime`");
});

test("`npm run package` prints the fields it names, and the archive is the three files it lists", () => {
  for (const field of ["zipBytes", "unpackedBytes", "files", "coldImportMs"]) expect(DOC).toContain(`\`${field}\``);
  const listing = /```\n(__index\.js[^`]*)```/.exec(DOC)?.[1].trim().split("\n");
  expect(listing).toEqual(["__index.js", ".build/handler/index.js", ".build/handler/index.js.map"]);
});
