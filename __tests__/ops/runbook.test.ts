/**
 * The incident runbook (docs/runbook.md) and the operations guide (docs/operations.md) stay true
 * to the code: every alert the stack raises is covered, with its metric or event and the config
 * key and default that set it, and every stack output, config key, key alias, npm script, replay
 * flag and file they name exists. The alerts come from the dev stack planned under the offline
 * mocks: this proves the documents match what the program builds, not that the AWS commands
 * succeed (their syntax was checked by hand against AWS CLI 1.45 and moto).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import type { ResourceRecord } from "../../offline/run-program";
import { parseReplayArgs } from "../../scripts/replay-dlq";
import { loadDevStack } from "../stack/support/dev-stack";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const RUNBOOK = read("docs/runbook.md");
const GUIDE = read("docs/operations.md");
const DOCS = `${RUNBOOK}\n${GUIDE}`;

let resources: ResourceRecord[] = [];
beforeAll(async () => {
  resources = (await loadDevStack()).resources;
}, 180_000);

const ofType = (type: string) => resources.filter((r) => r.type === type);

describe("docs/runbook.md covers every alert the stack raises", () => {
  const alarms = () => ofType("aws:cloudwatch/metricAlarm:MetricAlarm");

  it("names the metric of each CloudWatch alarm in the plan", () => {
    const metrics = alarms().map((r) => String(r.inputs.metricName));
    expect(metrics.sort()).toEqual(["ApproximateNumberOfMessagesVisible", "AsyncEventAge", "AsyncEventsDropped", "BucketSizeBytes", "Errors", "Throttles"]);
    expect(metrics.filter((metric) => !RUNBOOK.includes(`\`${metric}\``))).toEqual([]);
  });

  it("has a section titled with each severity an alarm carries (its description's prefix)", () => {
    const headings = [...RUNBOOK.matchAll(/^## .*\((Critical|High|Medium|Low)\)$/gm)].map((h) => h[1]);
    const severities = alarms().map((a) => String(a.inputs.alarmDescription).split(":")[0]);
    expect(severities.filter((severity) => !headings.includes(severity))).toEqual([]);
  });

  it("says where GuardDuty findings go: the alerts topic from the lowest alerted severity, and the findings bucket prefix the export writes", () => {
    const destination = resources.find((r) => r.type === "aws:guardduty/publishingDestination:PublishingDestination");
    const prefix = String(destination?.inputs.destinationArn).split("/").slice(1).join("/");
    expect(RUNBOOK).toContain(`s3://$FINDINGS_BUCKET/${prefix}/`);
    const rules = ofType("aws:cloudwatch/eventRule:EventRule").filter((r) => String(r.inputs.eventPattern).includes('"aws.guardduty"'));
    const lowest = Math.min(
      ...rules.map((r) => (JSON.parse(String(r.inputs.eventPattern)) as { detail: { severity: { numeric: [string, number] }[] } }).detail.severity[0].numeric[1]),
    );
    expect(RUNBOOK).toContain(`GuardDuty findings of severity ${lowest.toFixed(1)} and above`);
  });

  it("names every KMS API call the key-state rules alert on, and the commands that undo them", () => {
    const rules = ofType("aws:cloudwatch/eventRule:EventRule").filter((r) => String(r.inputs.eventPattern).includes('"aws.kms"'));
    const calls = rules.flatMap((r) => (JSON.parse(String(r.inputs.eventPattern)) as { detail: { eventName: string[] } }).detail.eventName);
    expect([...new Set(calls)].sort()).toEqual(["DeleteImportedKeyMaterial", "DisableKey", "DisableKeyRotation", "PutKeyPolicy", "ScheduleKeyDeletion"]);
    expect(calls.filter((call) => !RUNBOOK.includes(call))).toEqual([]);
    expect(RUNBOOK).toContain('aws kms cancel-key-deletion --key-id "$KEY"');
    expect(RUNBOOK).toContain('aws kms enable-key --key-id "$KEY"');
    expect(RUNBOOK).toContain('aws kms enable-key-rotation --key-id "$KEY"');
  });

  it("states each threshold with the config key and the default the stack uses", () => {
    const alarm = (metric: string) => resources.find((r) => r.inputs.metricName === metric) as ResourceRecord;
    expect(RUNBOOK).toContain(`\`lambdaErrorThreshold\` (default ${String(alarm("Errors").inputs.threshold)})`);
    expect(alarm("Throttles").inputs.threshold).toBe(0);
    expect(RUNBOOK).toContain("`Throttles` > 0");
    expect(Number(alarm("BucketSizeBytes").inputs.threshold) / 1024 ** 3).toBe(4);
    expect(RUNBOOK).toContain("`storageAlarmBytes` (default 4 GB of 5 GB)");
  });

  it("has the GuardDuty and Security Hub commands when the plan enables them", () => {
    const types = new Set(resources.map((r) => r.type));
    expect(types.has("aws:guardduty/detector:Detector") && types.has("aws:securityhub/account:Account")).toBe(true);
    expect(RUNBOOK).toMatch(/aws guardduty list-findings[\s\S]*aws securityhub get-findings/);
  });

  it("names key aliases the stack creates (<stack> read as dev)", () => {
    const aliases = ofType("aws:kms/alias:Alias").map((r) => String(r.inputs.name).replace(/^alias\//, ""));
    const named = [...DOCS.matchAll(/`(?:alias\/)?(secure-image-pipeline[\w-]*-<stack>)`/g)].map((m) => m[1].replace("<stack>", "dev"));
    expect(named.length).toBeGreaterThanOrEqual(1);
    expect(named.filter((alias) => !aliases.includes(alias))).toEqual([]);
  });
});

describe("names in docs/runbook.md and docs/operations.md exist", () => {
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
    const named = [
      ...DOCS.matchAll(/`(enable\w+|pointInTimeRecovery|vpcIsolation|lambda\w+|objectExpirationDays|maxImagePixels|storageAlarmBytes|securityAlertEmails|alertEmails)`/g),
    ].map((m) => m[1]);
    expect(used.length).toBeGreaterThanOrEqual(9);
    for (const key of [...used, ...named]) expect([...declared]).toContain(key);
  });

  it("every npm script and repository file they point to exists", () => {
    const scripts = Object.keys((JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts);
    for (const m of DOCS.matchAll(/npm run (?:-s )?([\w:-]+)/g)) expect(scripts).toContain(m[1]);
    const files = [...DOCS.matchAll(/`((?:scripts|__tests__|docs|\.github|offline|policy-pack)\/[\w./-]+\.(?:ts|sh|md|yml))`/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) expect(fs.existsSync(path.join(ROOT, file)) ? file : `missing: ${file}`).toBe(file);
  });

  it("every replay command in the runbook is accepted by scripts/replay-dlq.ts (npm run replay)", () => {
    // The arguments end at a comment, a code span's end or a shell operator (pipe, redirection, continuation).
    const commands = [...RUNBOOK.matchAll(/(?:scripts\/replay-dlq\.ts|npm run (?:-s )?replay --) ([^\n`#|>\\]*)/g)].map((m) => m[1].trim());
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      const args = command
        .replace(/"\$\w+"/g, "value")
        .split(/\s+/)
        .filter(Boolean);
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
