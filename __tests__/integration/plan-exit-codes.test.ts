/**
 * `npm run plan`'s help and exit codes as a CI job sees them (a child process): --help lists
 * every flag of the table the parser reads, one line each, and exits 0; a clean plan exits 0, a
 * mandatory violation 1, a usage or program error 2 (an unknown flag, a stray argument, a bad
 * --config pair, an unknown region). The cost is printed in text, Markdown and JSON.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { parseFlags, UsageError } from "../../tools/cli-flags";
import { EXIT } from "../../tools/exit-codes";
import { PLAN_FLAGS } from "../../tools/plan-flags";

const ROOT = path.join(__dirname, "../..");
const TS_NODE = path.join(ROOT, "node_modules/.bin/ts-node");
const TINY = "__tests__/integration/fixtures/tiny-program.ts";

function plan(...args: string[]) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("PULUMI_")) delete env[key];
  const result = spawnSync(TS_NODE, ["--transpile-only", "tools/plan.ts", ...args], { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("the shared codes are 0, 1 and 2", () => {
  expect(EXIT).toEqual({ ok: 0, findings: 1, usage: 2 });
});

test("--help lists every flag with one line each, the exit codes, and exits 0 without planning", () => {
  const result = plan("--help");
  expect(result.status).toBe(EXIT.ok);
  expect(result.stderr).toBe("");
  const lines = result.stdout.trimEnd().split("\n");
  expect(lines[0]).toBe("usage: npm run -s plan -- [flags]");
  const flagLines = lines.filter((l) => l.startsWith("  --"));
  expect(flagLines.map((l) => l.trim().split(/[ ,]/)[0])).toEqual([...Object.keys(PLAN_FLAGS), "help"].map((f) => `--${f}`));
  for (const line of flagLines) expect(line).toMatch(/^ {2}--\S+( <[^>]+>)?(, -\w)? {2,}\S/);
  expect(lines.at(-1)).toMatch(/^Exit codes: 0 .+; 1 .+mandatory policy violation.+; 2 usage error .+\.$/);
  expect(plan("-h").stdout).toBe(result.stdout);
});

test.each([
  [["--bogus"], "plan: Unknown option '--bogus'"],
  [["stray"], "plan: Unexpected argument 'stray'"],
  [["--stack"], "plan: Option '--stack <value>' argument missing"],
  [["--program", TINY, "--config", "novalue"], 'plan: --config expects key=value, got "novalue"'],
])("usage error %j exits 2 and says what was wrong", (args, message) => {
  const result = plan(...args);
  expect(result.status).toBe(EXIT.usage);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(message);
});

test("the parser accepts every flag --help lists", () => {
  for (const [name, flag] of Object.entries(PLAN_FLAGS)) {
    const args = flag.type === "string" ? [`--${name}`, "x"] : [`--${name}`];
    expect(() => parseFlags(PLAN_FLAGS, args)).not.toThrow();
  }
  expect(() => parseFlags(PLAN_FLAGS, ["--nope"])).toThrow(UsageError);
});

test("an aws:region outside the partition exits 2 naming the key and the partition's regions", () => {
  const result = plan("--config", "aws:region=mars-1", "--skip-policy");
  expect(result.status).toBe(EXIT.usage);
  expect(result.stderr).toContain('- aws:region "mars-1" is not a region of the aws partition (one of af-south-1, ');
  expect(result.stderr).toContain("us-east-1, us-east-2, us-west-1, us-west-2)");
});

describe("the dev stack", () => {
  test("plans clean (exit 0) with its monthly cost in the text", () => {
    const result = plan();
    expect(result.status).toBe(EXIT.ok);
    expect(result.stdout).toMatch(
      /^Estimated monthly cost: \$\d+\.\d\d a month after the free trials; \$\d+\.\d\d in the first month \(USD, prices of \d{4}-\d\d-\d\d, policy-pack\/lib\/prices\.ts\)$/m,
    );
    expect(result.stdout).toMatch(/^ {2}pipeline-key +AWS KMS +\$1\.00 +first month +\$1\.00 +\$1 per key-month/m);
  });

  test("a mandatory violation exits 1", () => {
    const result = plan("--config", "lambdaReservedConcurrency=2");
    expect(result.status).toBe(EXIT.findings);
    expect(result.stdout).toContain("✗ lambda-free-tier-limits  image-processor-function");
  });

  test("--markdown carries the cost table under the verdicts; --json carries it under cost", () => {
    const markdown = plan("--markdown").stdout;
    expect(markdown.indexOf("### Policy pack:")).toBeLessThan(markdown.indexOf("#### Estimated monthly cost: $"));
    expect(markdown).toContain("| Resource | Service | Monthly | First month | Basis |");
    const json = JSON.parse(plan("--json").stdout) as {
      cost: { monthlyUsd: number; firstMonthUsd: number; items: { resource: string; service: string; monthlyUsd: number; note: string }[] };
    };
    const sum = (pick: (i: { monthlyUsd: number; firstMonthUsd: number }) => number) => Math.round(json.cost.items.reduce((t, i) => t + pick(i as never), 0) * 100) / 100;
    expect(json.cost.monthlyUsd).toBe(sum((i) => i.monthlyUsd));
    expect(json.cost.firstMonthUsd).toBe(sum((i) => i.firstMonthUsd));
    expect(json.cost.items.find((i) => i.resource === "alerts-key")).toEqual({
      resource: "alerts-key",
      service: "AWS KMS",
      monthlyUsd: 1,
      firstMonthUsd: 1,
      note: expect.stringContaining("$1 per key-month"),
    });
  });
});
