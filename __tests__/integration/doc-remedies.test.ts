/**
 * The docs cannot prescribe a change the pack blocks without saying so: every `pulumi config set
 * <key> <value>` the runbook and the operations guide suggest is applied to the dev stack and
 * planned (`plan --config key=value --json`, one process each). It plans with no mandatory
 * violation, or every mandatory violation names the pack setting to change (`policy.setting`) and
 * the paragraph that suggests the remedy names the same setting.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { read } from "../docs/documents";
import { EXIT } from "../../tools/exit-codes";

const ROOT = path.join(__dirname, "../..");
const TS_NODE = path.join(ROOT, "node_modules/.bin/ts-node");
const DOCS = ["docs/runbook.md", "docs/operations.md", "docs/components.md"];

interface Remedy {
  readonly file: string;
  readonly key: string;
  readonly value: string;
  readonly paragraph: string;
}

function remedies(): Remedy[] {
  return DOCS.flatMap((file) =>
    read(file)
      .split(/\n\s*\n/)
      .flatMap((paragraph) => [...paragraph.matchAll(/pulumi config set ([A-Za-z]\w*) ([^\s`)]+)/g)].map((m) => ({ file, key: m[1], value: m[2], paragraph })))
      // A placeholder (`<id>`, `'[...]'`) is for the reader to fill in, not a remedy to plan.
      .filter((r) => !/[<>]|\.\.\./.test(r.value)),
  );
}

function plan(config: string): { status: number | null; violations: { policyName: string; enforcementLevel: string; message: string }[] } {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("PULUMI_")) delete env[key];
  const result = spawnSync(TS_NODE, ["--transpile-only", "tools/plan.ts", "--json", "--config", config], { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
  return { status: result.status, violations: result.status === EXIT.usage ? [] : (JSON.parse(result.stdout) as { violations: [] }).violations };
}

const found = remedies();

test("the docs suggest the remedies this test plans", () => {
  expect(found.map((r) => `${r.key} ${r.value}`)).toEqual(
    expect.arrayContaining(["lambdaReservedConcurrency 2", "lambdaMemoryMb 1024", "objectExpirationDays 14", "enableGuardDuty false"]),
  );
});

test.each(found.map((r) => [`${r.file}: pulumi config set ${r.key} ${r.value}`, r] as const))(
  "%s plans clean or names the pack setting",
  (_, remedy) => {
    const result = plan(`${remedy.key}=${remedy.value}`);
    expect(result.status).not.toBe(EXIT.usage);
    for (const v of result.violations.filter((x) => x.enforcementLevel === "mandatory")) {
      const setting = v.message.match(new RegExp(`${v.policyName}\\.(\\w+)`))?.[0];
      expect({ policy: v.policyName, setting, inParagraph: setting !== undefined && remedy.paragraph.includes(setting) }).toEqual({
        policy: v.policyName,
        setting: expect.any(String),
        inParagraph: true,
      });
    }
  },
  180_000,
);
