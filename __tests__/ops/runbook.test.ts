/**
 * SECURITY.md and the operations guide stay true to the code: every alert the stack raises has a
 * runbook section, and every stack output, config key, npm script, replay flag and file they
 * name exists. The alerts come from index.ts run with the dev stack under the offline mocks; this
 * proves the runbook matches what the program builds, not that the AWS commands succeed (their
 * syntax was checked by hand against AWS CLI 1.45 and moto; see the final report of issue 7).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { runProgram, type ResourceRecord } from "../../offline/run-program";
import { parseReplayArgs } from "../../scripts/replay-dlq";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const RUNBOOK = read("SECURITY.md");
/** The README's "Operating it" section: the operator's guide. */
function operatingSection(readme: string): string {
  const start = readme.indexOf("\n## Operating it\n");
  const end = readme.indexOf("\n## ", start + 1);
  if (start < 0) throw new Error('README.md has no "## Operating it" section');
  return readme.slice(start, end < 0 ? undefined : end);
}
const GUIDE = operatingSection(read("README.md"));
const DOCS = `${RUNBOOK}\n${GUIDE}`;

let resources: ResourceRecord[] = [];
beforeAll(async () => {
  resources = (await runProgram({ stack: "dev" })).resources;
}, 180_000);

/** The runbook's section for an alert: from its heading to the next `## `. */
function section(heading: RegExp): string {
  const start = RUNBOOK.search(heading);
  if (start < 0) throw new Error(`SECURITY.md has no section matching ${heading}`);
  const next = RUNBOOK.indexOf("\n## ", start + 1);
  return RUNBOOK.slice(start, next < 0 ? undefined : next);
}

describe("SECURITY.md covers every alert the stack raises", () => {
  const runbookFor: Record<string, RegExp> = {
    Errors: /^## Lambda errors over the threshold \(High\)$/m,
    Throttles: /^## Lambda throttling \(Low\)$/m,
    BucketSizeBytes: /^## S3 storage over 80% of the free tier \(Medium\)$/m,
    ApproximateNumberOfMessagesVisible: /^## Failed uploads waiting in the on-failure queue \(High\)$/m,
  };

  it("has a runbook, with the alarm's metric, for each CloudWatch alarm in the plan", () => {
    const metrics = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => String(r.inputs.metricName));
    expect(metrics.sort()).toEqual(Object.keys(runbookFor).sort());
    for (const metric of metrics) expect(section(runbookFor[metric])).toContain(metric);
  });

  it("titles each alarm's runbook with the severity the alarm carries (its description's prefix)", () => {
    for (const alarm of resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")) {
      const severity = String(alarm.inputs.alarmDescription).split(":")[0];
      expect([alarm.name, section(runbookFor[String(alarm.inputs.metricName)]).split("\n")[0]]).toEqual([alarm.name, expect.stringContaining(`(${severity})`)]);
    }
  });

  it("says where GuardDuty findings go: the alerts topic from severity 7, and the findings bucket prefix the export writes", () => {
    const destination = resources.find((r) => r.type === "aws:guardduty/publishingDestination:PublishingDestination");
    const prefix = String(destination?.inputs.destinationArn).split("/").slice(1).join("/");
    const findings = section(/^## GuardDuty or Security Hub finding$/m);
    expect(findings).toContain(`s3://$FINDINGS_BUCKET/${prefix}/`);
    const rules = resources.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule" && String(r.inputs.eventPattern).includes('"aws.guardduty"'));
    const lowest = Math.min(...rules.map((r) => (JSON.parse(String(r.inputs.eventPattern)) as { detail: { severity: { numeric: [string, number] }[] } }).detail.severity[0].numeric[1]));
    expect(findings).toContain(`GuardDuty findings of severity ${lowest.toFixed(1)} and above`);
  });

  it("has a Critical runbook for every KMS API call the key-state rule alerts on", () => {
    const rules = resources.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule" && String(r.inputs.eventPattern).includes('"aws.kms"'));
    const calls = rules.flatMap((r) => (JSON.parse(String(r.inputs.eventPattern)) as { detail: { eventName: string[] } }).detail.eventName);
    expect(calls.sort()).toEqual(["DisableKey", "ScheduleKeyDeletion"]);
    const critical = section(/^## KMS key disabled or scheduled for deletion \(Critical\)$/m);
    for (const call of calls) expect(critical).toContain(call);
    expect(critical).toContain('aws kms cancel-key-deletion --key-id "$KEY"');
    expect(critical).toContain('aws kms enable-key --key-id "$KEY"');
  });

  it("states the thresholds the stack is configured with", () => {
    const alarm = (metric: string) => resources.find((r) => r.inputs.metricName === metric) as ResourceRecord;
    expect(RUNBOOK).toContain(`\`lambdaErrorThreshold\` (default ${String(alarm("Errors").inputs.threshold)})`);
    expect(alarm("Throttles").inputs.threshold).toBe(0);
    expect(RUNBOOK).toContain("`Throttles` > 0");
    expect(Number(alarm("BucketSizeBytes").inputs.threshold) / 1024 ** 3).toBe(4);
    expect(RUNBOOK).toContain("`storageAlarmBytes` (default 4 GB of 5 GB)");
  });

  it("has a section for GuardDuty and Security Hub findings when the plan enables them", () => {
    const types = new Set(resources.map((r) => r.type));
    expect(types.has("aws:guardduty/detector:Detector") && types.has("aws:securityhub/account:Account")).toBe(true);
    expect(section(/^## GuardDuty or Security Hub finding$/m)).toMatch(/aws guardduty list-findings[\s\S]*aws securityhub get-findings/);
  });
});

describe("names in SECURITY.md and the README's Operating it section exist", () => {
  it("every `pulumi stack output` is an export of index.ts", () => {
    const exported = new Set([...read("index.ts").matchAll(/^export const (\w+)/gm)].map((m) => m[1]));
    const used = [...DOCS.matchAll(/pulumi stack output (\w+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThanOrEqual(8);
    for (const name of used) expect([...exported]).toContain(name);
  });

  it("every config key set or read is declared in Pulumi.yaml or set in Pulumi.dev.yaml", () => {
    const project = load(read("Pulumi.yaml")) as { config: Record<string, unknown> };
    const dev = load(read("Pulumi.dev.yaml")) as { config: Record<string, unknown> };
    const declared = new Set([...Object.keys(project.config), ...Object.keys(dev.config)]);
    const used = [...DOCS.matchAll(/pulumi config (?:set|get)(?: --path)? '?([\w:]+)/g)].map((m) => m[1]);
    const named = [...DOCS.matchAll(/`(enable\w+|pointInTimeRecovery|vpcIsolation|lambda\w+|objectExpirationDays|maxImagePixels|storageAlarmBytes|securityAlertEmails|alertEmails)`/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThanOrEqual(10);
    for (const key of [...used, ...named]) expect([...declared]).toContain(key);
  });

  it("every npm script and repository file they point to exists", () => {
    const scripts = Object.keys((JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts);
    for (const m of DOCS.matchAll(/npm run (?:-s )?([\w:-]+)/g)) expect(scripts).toContain(m[1]);
    const files = [...DOCS.matchAll(/`((?:scripts|__tests__|docs|\.github|offline|policy-pack)\/[\w./-]+\.(?:ts|sh|md|yml))`/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) expect(fs.existsSync(path.join(ROOT, file)) ? file : `missing: ${file}`).toBe(file);
  });

  it("every replay command in the runbook is accepted by scripts/replay-dlq.ts", () => {
    // The arguments end at a comment, a code span's end or a shell operator (pipe, redirection, continuation).
    const commands = [...RUNBOOK.matchAll(/scripts\/replay-dlq\.ts ([^\n`#|>\\]*)/g)].map((m) => m[1].trim());
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      const args = command.replace(/"\$\w+"/g, "value").split(/\s+/).filter(Boolean);
      expect(() => parseReplayArgs(args)).not.toThrow();
    }
  });
});

describe("parseReplayArgs", () => {
  it("reads the flags and defaults --max to 100", () => {
    expect(parseReplayArgs(["--function", "fn", "--queue-url", "https://q", "--dry-run"])).toEqual({
      functionName: "fn",
      queueUrl: "https://q",
      max: 100,
      dryRun: true,
      json: false,
    });
    expect(parseReplayArgs(["--function", "fn", "--json"]).json).toBe(true);
  });

  it("rejects a missing function, a bad --max and unknown flags with a clear message", () => {
    expect(() => parseReplayArgs([])).toThrow("--function <functionName> is required (the stack output functionName)");
    expect(() => parseReplayArgs(["--function", "fn", "--max", "0"])).toThrow('--max must be a whole number from 1 to 10000, got "0"');
    expect(() => parseReplayArgs(["--function", "fn", "--max", "2.5"])).toThrow('--max must be a whole number from 1 to 10000, got "2.5"');
    expect(() => parseReplayArgs(["--function", "fn", "--purge"])).toThrow(/Unknown option '--purge'/);
  });
});
