/**
 * docs/operations-alerts.md names only what exists: the alarms and rules of the dev plan with
 * their severities, config keys, stack outputs, plan and preflight flags, policy names and the
 * per-environment pack config. Facts, not sentences.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { severityFilterPolicy } from "../../components";
import { readProjectFile } from "../../offline/stack-config";
import { runProgram, type ProgramRun } from "../../offline/run-program";
import { policies } from "../../policy-pack/policies";

const ROOT = path.resolve(__dirname, "../..");
const DOC = fs.readFileSync(path.join(ROOT, "docs/operations-alerts.md"), "utf8");
/** The first table after a heading. */
const table = (heading: string) =>
  DOC.slice(DOC.indexOf(heading))
    .split("\n\n")
    .find((block) => block.startsWith("| ")) ?? "";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({ stack: "dev" });
}, 120_000);

test("the alerts table lists every alarm and rule of the plan with the severity it carries", () => {
  const rows = table("## Alerts and their severities").split("\n").slice(2);
  const listed = rows.flatMap((row) =>
    [...row.matchAll(/(?:alarm|rules?) ((?:`[\w-]+`(?:, )?)+)/g)].flatMap((m) => [...m[1].matchAll(/`([\w-]+)`/g)].map((n) => [n[1], row.split(" | ")[2]])),
  );
  const alarms = run.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => [r.name, String(r.inputs.alarmDescription).split(":")[0]]);
  const rules = run.resources
    .filter((r) => r.type === "aws:cloudwatch/eventTarget:EventTarget")
    .map((t) => [
      t.name.replace(/-alert$/, ""),
      (JSON.parse(String((t.inputs.inputTransformer as { inputTemplate: string }).inputTemplate.replace(/<\w+>/g, "null"))) as { severity: string }).severity,
    ]);
  expect(listed.sort()).toEqual([...alarms, ...rules].sort());
  expect(DOC).toContain(`**Alarms on dev and prod: ${alarms.length}**`);
});

test("the Critical filter shown is the one the code builds", () => {
  expect(DOC).toContain(`\`\`\`json\n${JSON.stringify(severityFilterPolicy(["Critical"]))}\n\`\`\``);
});

test("config keys, stack outputs, policies and pack config files it names exist", () => {
  const keys = Object.keys(readProjectFile(ROOT).config);
  for (const m of DOC.matchAll(
    /`(securityAlert\w+|criticalAlertEmails|requireSecurityAlertSubscribers|exportGuardDutyFindings|enable\w+|dashboard|tableDeletionProtection|lambdaErrorThreshold|storageAlarmBytes)`/g,
  ))
    expect(keys).toContain(m[1]);
  for (const output of ["findingsBucketName", "dashboardName"]) expect(Object.keys(run.outputs)).toContain(output);
  const names = policies.map((p) => p.name);
  for (const name of ["alert-topic-subscribers", "s3-lifecycle-expiration", "cloudwatch-alarm-count", "s3-bucket-key-enabled"]) {
    expect(DOC).toContain(`\`${name}\``);
    expect(names).toContain(name);
  }
  const prod = JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack/config/prod.json"), "utf8")) as Record<string, string>;
  expect(
    Object.entries(prod)
      .filter(([, level]) => level === "mandatory")
      .map(([n]) => n)
      .sort(),
  ).toEqual(["alert-topic-subscribers", "s3-bucket-key-enabled"]);
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack/config/dev.json"), "utf8"))).toEqual({});
});

test("the dashboard counts and the commands' flags are real", () => {
  const body = JSON.parse(String(run.resources.find((r) => r.type === "aws:cloudwatch/dashboard:Dashboard")?.inputs.dashboardBody)) as {
    widgets: { type: string; properties: { metrics?: unknown[] } }[];
  };
  const metrics = body.widgets.reduce((n, w) => n + (w.properties.metrics?.length ?? 0), 0);
  expect(DOC).toContain(`${body.widgets.length} widgets, ${metrics} metrics`);
  const planCli = fs.readFileSync(path.join(ROOT, "tools/plan-flags.ts"), "utf8");
  for (const m of DOC.matchAll(/npm run -s plan -- ([^\n#]*)/g))
    for (const flag of m[1].match(/--[\w-]+/g) ?? []) expect(planCli).toMatch(new RegExp(`"?${flag.slice(2)}"?: \\{ type:`));
  const preflight = fs.readFileSync(path.join(ROOT, "scripts/preflight.ts"), "utf8");
  for (const m of DOC.matchAll(/npm run preflight -- ([^\n#]*)/g))
    for (const flag of m[1].match(/--[\w-]+/g) ?? []) expect(preflight).toMatch(new RegExp(`"?${flag.slice(2)}"?: \\{ type:`));
});
