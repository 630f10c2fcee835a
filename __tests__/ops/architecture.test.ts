/**
 * The architecture picture (README.md, between the generated:mermaid markers) is generated from
 * the program, not drawn: this file renders the flowchart from the dev stack planned under the
 * offline mocks, and fails when the committed picture differs. It proves the picture matches what
 * the program asks AWS for, under mocks; it says nothing about what AWS then accepts. That
 * `npm run -s plan -- --mermaid --skip-policy` prints the same chart is proven in
 * __tests__/integration/plan-command.test.ts. docs/architecture.md explains how to read it.
 *
 * Refresh after changing the stack: UPDATE_ARCHITECTURE=1 npx jest __tests__/ops/architecture.test.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { architectureMermaid, type DiagramResource } from "../../offline/mermaid";
import { loadDevStack } from "../stack/support/dev-stack";
import { ARCHITECTURE_DOC, BEGIN, committedBlock, END, fenced } from "../stack/support/architecture-block";

const ROOT = path.resolve(__dirname, "../..");
const TITLE = "index.ts, stack dev";

let resources: DiagramResource[] = [];

beforeAll(async () => {
  resources = (await loadDevStack()).resources;
}, 180_000);

/** Lines of one text missing from the other, for a readable failure. */
function lineDiff(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  return [...a.filter((l) => !b.includes(l)).map((l) => `- ${l}`), ...b.filter((l) => !a.includes(l)).map((l) => `+ ${l}`)].join("\n");
}

function edges(chart: string): string[] {
  return chart
    .split("\n")
    .filter((l) => /-->|-\.->/.test(l))
    .map((l) => l.trim());
}

function clone(): DiagramResource[] {
  return JSON.parse(JSON.stringify(resources)) as DiagramResource[];
}

function byName(list: DiagramResource[], name: string): DiagramResource {
  const found = list.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name} in the plan`);
  return found;
}

describe(ARCHITECTURE_DOC, () => {
  const file = ARCHITECTURE_DOC;
  it("shows the stack exactly as index.ts builds it (dev stack, offline mocks)", () => {
    const generated = fenced(architectureMermaid(resources, TITLE));
    const docPath = path.join(ROOT, file);
    const doc = fs.readFileSync(docPath, "utf8");
    if (process.env.UPDATE_ARCHITECTURE === "1") {
      committedBlock(doc); // the markers must exist
      fs.writeFileSync(docPath, doc.slice(0, doc.indexOf(BEGIN) + BEGIN.length) + generated + doc.slice(doc.indexOf(END)));
      return;
    }
    const committed = committedBlock(doc);
    if (committed !== generated) {
      throw new Error(
        `${file} is out of date with the program. Refresh it with\n` +
          "  UPDATE_ARCHITECTURE=1 npx jest __tests__/ops/architecture.test.ts\n" +
          "(or put the output of `npm run -s plan -- --mermaid --skip-policy` in a ```mermaid fence between the markers), review the diff and commit it.\n" +
          `Differences (- committed, + program):\n${lineDiff(committed, generated)}`,
      );
    }
  });
});

test("the repository holds one architecture picture: README.md, nowhere else in the docs", () => {
  const docs = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) => f.endsWith(".md"));
  const withChart = docs.filter((f) => /```mermaid|generated:mermaid:begin/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(withChart).toEqual([ARCHITECTURE_DOC]);
});

describe("architectureMermaid on the dev stack", () => {
  it("draws the data flow upload -> Lambda -> table and topic, failures to the queue, alarms to the security topic", () => {
    const chart = architectureMermaid(resources, TITLE);
    expect(edges(chart)).toEqual(
      expect.arrayContaining([
        'upload_Bucket_images_bucket(["Uploader"]) -->|"PUT uploads/"| Bucket_images_bucket',
        'Bucket_images_bucket -->|"s3:ObjectCreated:* on uploads/"| Function_image_processor_function',
        'Function_image_processor_function -->|"s3:GetObject uploads/*; s3:PutObject processed/*"| Bucket_images_bucket',
        'Function_image_processor_function -->|"dynamodb:PutItem"| Table_records_table',
        'Function_image_processor_function -->|"sns:Publish"| Topic_notifications_topic',
        'Function_image_processor_function -->|"on failure; sqs:SendMessage"| Queue_image_processor_failures',
        'Function_image_processor_function -.->|"Errors"| MetricAlarm_image_processor_errors',
        'MetricAlarm_image_processor_errors -->|"alarm"| Topic_security_alerts_topic',
        'MetricAlarm_image_processor_throttles -->|"alarm"| Topic_security_alerts_topic',
        'Bucket_images_bucket -.->|"BucketSizeBytes"| MetricAlarm_security_storage',
        'MetricAlarm_security_storage -->|"alarm"| Topic_security_alerts_topic',
        'Key_pipeline_key -.->|"DisableKey, ScheduleKeyDeletion, PutKeyPolicy, DisableKeyRotation, DeleteImportedKeyMaterial"| EventRule_security_kms_key_state',
        'EventRule_security_kms_key_state -->|"event target"| Topic_security_alerts_topic',
        // The alerts key's own alerts travel under the data key.
        'Key_alerts_key -.->|"DisableKey, ScheduleKeyDeletion, PutKeyPolicy, DisableKeyRotation, DeleteImportedKeyMaterial"| EventRule_security_kms_key_state_1',
        'EventRule_security_kms_key_state_1 -->|"event target"| Topic_key_alerts_topic',
      ]),
    );
    // Nothing may publish to the notifications topic but the function.
    expect(edges(chart).filter((e) => e.endsWith("Topic_notifications_topic"))).toEqual(['Function_image_processor_function -->|"sns:Publish"| Topic_notifications_topic']);
  });

  it("groups boxes by component and shows their encryption", () => {
    const chart = architectureMermaid(resources, TITLE);
    expect(chart).toContain(
      'subgraph SecureBucket_images["images (SecureBucket)"]\n    Bucket_images_bucket[("S3 bucket<br/>images-bucket<br/>encrypted: SSE-KMS pipeline-key")]\n  end',
    );
    expect(chart).toContain('Bucket_access_logs_bucket[("S3 bucket<br/>access-logs-bucket<br/>encrypted: AES256")]');
    expect(chart).toContain('Table_records_table[("DynamoDB table<br/>records-table<br/>encrypted: AWS-managed key<br/>point-in-time recovery")]');
  });

  it("derives edges from inputs: no notification, no trigger edge", () => {
    const list = clone().filter((r) => r.type !== "aws:s3/bucketNotification:BucketNotification");
    const chart = architectureMermaid(list, TITLE);
    expect(chart).not.toContain("Function_image_processor_function\n");
    expect(edges(chart).filter((e) => e.startsWith("Bucket_images_bucket -->"))).toEqual(['Bucket_images_bucket -->|"access logs s3-access/images/"| Bucket_access_logs_bucket']);
    expect(chart).not.toContain("Uploader");
  });

  it("derives edges from inputs: an alarm pointed at another topic is drawn to that topic", () => {
    const list = clone();
    const notifications = byName(list, "notifications-topic");
    const alarm = byName(list, "image-processor-errors") as { inputs: Record<string, unknown> };
    alarm.inputs.alarmActions = [notifications.outputs?.arn];
    const lines = edges(architectureMermaid(list, TITLE));
    expect(lines).toContain('MetricAlarm_image_processor_errors -->|"alarm"| Topic_notifications_topic');
    expect(lines).not.toContain('MetricAlarm_image_processor_errors -->|"alarm"| Topic_security_alerts_topic');
  });

  it("derives edges from inputs: a permission removed from the role is an edge removed", () => {
    const list = clone();
    const policy = list.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "image-processor-policy") as unknown as {
      inputs: { policy: string };
    };
    const doc = JSON.parse(policy.inputs.policy) as { Statement: { Action: string | string[] }[] };
    doc.Statement = doc.Statement.filter((s) => s.Action !== "sns:Publish");
    policy.inputs.policy = JSON.stringify(doc);
    expect(edges(architectureMermaid(list, TITLE)).filter((e) => e.includes("Topic_notifications_topic"))).toEqual([]);
  });

  it("does not depend on the order resources were registered in", () => {
    expect(architectureMermaid([...resources].reverse(), TITLE)).toBe(architectureMermaid(resources, TITLE));
  });
});

describe("architectureMermaid on hand-made resources", () => {
  const stack = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
  const topic = (name: string, extra: Record<string, unknown> = {}): DiagramResource => ({
    urn: `urn:pulumi:dev::p::aws:sns/topic:Topic::${name}`,
    type: "aws:sns/topic:Topic",
    name,
    parent: stack,
    inputs: extra,
    outputs: { arn: `arn:aws:sns:us-east-1:123456789012:${name}`, name },
  });

  it("escapes quotes in labels so a name cannot break the chart", () => {
    const chart = architectureMermaid([topic('say"hi')], "t");
    expect(chart).toContain('Topic_say_hi[/"SNS topic<br/>say#quot;hi"/]');
  });

  it("does not link resources through an account id (Security Hub's id) or a short name", () => {
    const hub: DiagramResource = {
      urn: "urn:pulumi:dev::p::aws:securityhub/account:Account::hub",
      type: "aws:securityhub/account:Account",
      name: "hub",
      parent: stack,
      id: "123456789012",
      inputs: {},
      outputs: {},
    };
    const alarm: DiagramResource = {
      urn: "urn:pulumi:dev::p::aws:cloudwatch/metricAlarm:MetricAlarm::a",
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      name: "a",
      parent: stack,
      inputs: { metricName: "Errors", threshold: 1, dimensions: { Account: "123456789012" }, alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"] },
      outputs: {},
    };
    expect(edges(architectureMermaid([hub, alarm, topic("alerts")], "t"))).toEqual(['MetricAlarm_a -->|"alarm"| Topic_alerts']);
  });
});
