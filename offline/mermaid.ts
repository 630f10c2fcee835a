/**
 * A Mermaid flowchart of the stack as the program builds it (`npm run plan -- --mermaid`), drawn
 * from the planned resources only: components become subgraphs, and every edge is derived from a
 * resource's real inputs (an S3 notification's function ARN, the IAM statements of the function's
 * role, an alarm's actions and dimensions, an event target's ARN...). Nothing is drawn that the
 * program did not ask for, so the picture changes when the code does.
 */

/** One planned resource, as the offline plan runner reports it. */
export interface DiagramResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string | null;
  /** Provider id (custom resources); other resources refer to some resources by it. */
  readonly id?: string | null;
  readonly inputs: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** The resources drawn as boxes, with what they are called in the picture. */
const NODE_KINDS: Record<string, { label: string; open: string; close: string }> = {
  "aws:s3/bucket:Bucket": { label: "S3 bucket", open: "[(", close: ")]" },
  "aws:lambda/function:Function": { label: "Lambda function", open: "[[", close: "]]" },
  "aws:dynamodb/table:Table": { label: "DynamoDB table", open: "[(", close: ")]" },
  "aws:sns/topic:Topic": { label: "SNS topic", open: "[/", close: "/]" },
  "aws:sqs/queue:Queue": { label: "SQS queue", open: "[/", close: "/]" },
  "aws:kms/key:Key": { label: "KMS key", open: "{{", close: "}}" },
  "aws:cloudwatch/logGroup:LogGroup": { label: "Log group", open: "[", close: "]" },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { label: "Alarm", open: "([", close: "])" },
  "aws:cloudwatch/eventRule:EventRule": { label: "EventBridge rule", open: "([", close: "])" },
  "aws:cloudtrail/trail:Trail": { label: "CloudTrail trail", open: "[", close: "]" },
  "aws:guardduty/detector:Detector": { label: "GuardDuty", open: "[", close: "]" },
  "aws:securityhub/account:Account": { label: "Security Hub", open: "[", close: "]" },
  "aws:cfg/recorder:Recorder": { label: "AWS Config recorder", open: "[", close: "]" },
  "aws:ec2/vpcEndpoint:VpcEndpoint": { label: "VPC endpoint", open: "[", close: "]" },
};

/** Outputs that other resources use to refer to a node. Short generic names ("default") are not used. */
const IDENTIFYING_OUTPUTS = ["arn", "id", "name", "bucket", "keyId", "url"];

interface Node {
  readonly id: string;
  readonly resource: DiagramResource;
  readonly lines: string[];
}

interface Edge {
  from: string;
  to: string;
  dotted: boolean;
  labels: Set<string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Every string inside a value, looking into JSON documents (policies, event patterns) too. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    const trimmed = value.trim();
    if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
      try {
        return strings(JSON.parse(trimmed), out);
      } catch {
        // not JSON after all: keep it as a string
      }
    }
    out.push(value);
  } else if (Array.isArray(value)) {
    value.forEach((v) => strings(v, out));
  } else if (isObject(value)) {
    Object.values(value).forEach((v) => strings(v, out));
  }
  return out;
}

function parseJson(value: unknown): unknown {
  if (isObject(value)) return value;
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Mermaid-safe text: no quotes or brackets that would end the label early. */
function text(value: string): string {
  return value.replace(/"/g, "#quot;").replace(/[<>]/g, "");
}

function nodeId(resource: DiagramResource): string {
  const kind = resource.type.split(":").pop() ?? "r";
  return `${kind}_${resource.name}`.replace(/[^A-Za-z0-9_]/g, "_");
}

function isComponent(resource: DiagramResource): boolean {
  return !resource.type.startsWith("aws:") && !resource.type.startsWith("pulumi:") && !resource.type.startsWith("awsx:");
}

class Picture {
  readonly byUrn = new Map<string, DiagramResource>();
  readonly nodes = new Map<string, Node>();
  private readonly refIndex = new Map<string, string>();
  private readonly edges = new Map<string, Edge>();

  constructor(readonly resources: readonly DiagramResource[]) {
    for (const r of resources) this.byUrn.set(r.urn, r);
    for (const r of resources) {
      if (!(r.type in NODE_KINDS)) continue;
      const node: Node = { id: nodeId(r), resource: r, lines: [NODE_KINDS[r.type].label, r.name] };
      this.nodes.set(r.urn, node);
      for (const key of IDENTIFYING_OUTPUTS) {
        const value = str(key === "id" ? (r.id ?? r.outputs?.id) : r.outputs?.[key]);
        // Account ids (Security Hub's id) and short names would match unrelated strings.
        if (value && value.length >= 8 && !/^\d{12}$/.test(value)) this.refIndex.set(value, r.urn);
      }
    }
  }

  /** The node a string refers to: an exact ARN/name/id, or a path or qualifier under an ARN. */
  resolve(value: string): Node | undefined {
    const exact = this.refIndex.get(value);
    if (exact) return this.nodes.get(exact);
    if (!value.startsWith("arn:")) return undefined;
    // `arn:...:bucket/uploads/*`, `arn:...:log-group:name:*`: drop trailing segments one by one.
    for (let end = value.length; end > 0;) {
      end = Math.max(value.lastIndexOf("/", end - 1), value.lastIndexOf(":", end - 1));
      const urn = end > 0 ? this.refIndex.get(value.slice(0, end)) : undefined;
      if (urn) return this.nodes.get(urn);
    }
    return undefined;
  }

  references(value: unknown): Node[] {
    const found = new Map<string, Node>();
    for (const s of strings(value)) {
      const node = this.resolve(s);
      if (node) found.set(node.id, node);
    }
    return [...found.values()];
  }

  ofType(type: string): DiagramResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  edge(from: Node | undefined, to: Node | undefined, label: string, dotted = false): void {
    if (!from || !to || from.id === to.id) return;
    const key = `${from.id}->${to.id}:${dotted}`;
    const edge = this.edges.get(key) ?? { from: from.id, to: to.id, dotted, labels: new Set<string>() };
    if (label) edge.labels.add(label);
    this.edges.set(key, edge);
  }

  edgeLines(): string[] {
    return [...this.edges.values()]
      .map((e) => {
        const label = [...e.labels].sort().join("; ");
        const arrow = e.dotted ? "-.->" : "-->";
        return label ? `  ${e.from} ${arrow}|"${text(label)}"| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`;
      })
      .sort();
  }
}

/** The S3 notification: uploads under the filter prefix invoke the function. */
function notificationEdges(p: Picture, uploaders: string[]): void {
  for (const n of p.ofType("aws:s3/bucketNotification:BucketNotification")) {
    const bucket = p.resolve(String(n.inputs.bucket ?? ""));
    for (const target of asList(n.inputs.lambdaFunctions)) {
      if (!isObject(target)) continue;
      const fn = p.resolve(String(target.lambdaFunctionArn ?? ""));
      const events = asList(target.events).map(String).join(", ");
      const prefix = str(target.filterPrefix);
      p.edge(bucket, fn, `${events}${prefix ? ` on ${prefix}` : ""}`);
      if (bucket && prefix) uploaders.push(`  upload_${bucket.id}(["Uploader"]) -->|"${text(`PUT ${prefix}`)}"| ${bucket.id}`);
    }
  }
}

/** What each function may do, from the IAM statements of its role (inline and attached policies). */
function permissionEdges(p: Picture): void {
  const roles = p.ofType("aws:iam/role:Role");
  const roleOf = (value: unknown): DiagramResource | undefined => roles.find((role) => [role.outputs?.arn, role.outputs?.name, role.outputs?.id].includes(value as string));
  const documents = new Map<string, unknown[]>();
  const add = (role: DiagramResource | undefined, doc: unknown) => {
    if (role) documents.set(role.urn, [...(documents.get(role.urn) ?? []), parseJson(doc)]);
  };
  for (const rp of p.ofType("aws:iam/rolePolicy:RolePolicy")) add(roleOf(rp.inputs.role), rp.inputs.policy);
  const policies = p.ofType("aws:iam/policy:Policy");
  for (const att of p.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
    const policy = policies.find((pol) => pol.outputs?.arn === att.inputs.policyArn);
    if (policy) add(roleOf(att.inputs.role), policy.inputs.policy);
  }
  for (const fn of p.ofType("aws:lambda/function:Function")) {
    const role = roleOf(fn.inputs.role);
    const from = p.nodes.get(fn.urn);
    for (const doc of role ? (documents.get(role.urn) ?? []) : []) {
      const statements = isObject(doc) ? asList(doc.Statement) : [];
      for (const st of statements) {
        if (!isObject(st) || st.Effect !== "Allow") continue;
        const actions = asList(st.Action).map(String).join(", ");
        for (const resource of asList(st.Resource).map(String)) {
          const target = p.resolve(resource);
          // The key is drawn by the labels ("encrypted with"), not by an edge from every user.
          if (!target || target.resource.type === "aws:kms/key:Key") continue;
          const targetArn = str(target.resource.outputs?.arn) ?? "";
          const scope = resource.startsWith(`${targetArn}/`) ? ` ${resource.slice(targetArn.length + 1)}` : "";
          p.edge(from, target, `${actions}${scope}`);
        }
      }
    }
  }
}

/** Lambda's asynchronous failure destination. */
function destinationEdges(p: Picture): void {
  for (const cfg of p.ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")) {
    const fn = p.resolve(String(cfg.inputs.functionName ?? ""));
    const destinations = isObject(cfg.inputs.destinationConfig) ? cfg.inputs.destinationConfig : {};
    for (const [when, dest] of Object.entries(destinations)) {
      if (isObject(dest)) p.edge(fn, p.resolve(String(dest.destination ?? "")), when === "onFailure" ? "on failure" : when);
    }
  }
}

/** Alarms: the metric they watch (dotted) and the topics they notify. */
function alarmEdges(p: Picture): void {
  for (const alarm of p.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
    const node = p.nodes.get(alarm.urn);
    if (!node) continue;
    const metric = String(alarm.inputs.metricName ?? "metric");
    node.lines[0] = `Alarm: ${metric} above ${quantity(alarm.inputs.threshold, metric)}`;
    for (const watched of p.references(alarm.inputs.dimensions)) p.edge(watched, node, metric, true);
    for (const topic of p.references(alarm.inputs.alarmActions)) p.edge(node, topic, "alarm");
  }
}

/** EventBridge: what a rule matches (from its pattern) and where its targets send events. */
function eventEdges(p: Picture): void {
  for (const rule of p.ofType("aws:cloudwatch/eventRule:EventRule")) {
    const node = p.nodes.get(rule.urn);
    const pattern = parseJson(rule.inputs.eventPattern);
    const detail = isObject(pattern) && isObject(pattern.detail) ? pattern.detail : {};
    const names = asList(detail.eventName).map(String).join(", ");
    for (const watched of p.references(pattern)) p.edge(watched, node, names || "event", true);
  }
  for (const target of p.ofType("aws:cloudwatch/eventTarget:EventTarget")) {
    p.edge(p.resolve(String(target.inputs.rule ?? "")), p.resolve(String(target.inputs.arn ?? "")), "event target");
  }
}

/** Where logs and audit records are delivered. */
function deliveryEdges(p: Picture): void {
  for (const logging of p.ofType("aws:s3/bucketLogging:BucketLogging")) {
    p.edge(p.resolve(String(logging.inputs.bucket ?? "")), p.resolve(String(logging.inputs.targetBucket ?? "")), `access logs ${String(logging.inputs.targetPrefix ?? "")}`.trim());
  }
  for (const trail of p.ofType("aws:cloudtrail/trail:Trail")) {
    const node = p.nodes.get(trail.urn);
    p.edge(node, p.resolve(String(trail.inputs.s3BucketName ?? "")), `log files ${String(trail.inputs.s3KeyPrefix ?? "")}`.trim());
    p.edge(node, p.resolve(String(trail.inputs.cloudWatchLogsGroupArn ?? "")), "events");
  }
  for (const channel of p.ofType("aws:cfg/deliveryChannel:DeliveryChannel")) {
    // The channel has no input naming its recorder (one per account): use the recorder beside it.
    const recorder = p.resources.find((r) => r.type === "aws:cfg/recorder:Recorder" && r.parent === channel.parent);
    p.edge(recorder && p.nodes.get(recorder.urn), p.resolve(String(channel.inputs.s3BucketName ?? "")), `snapshots ${String(channel.inputs.s3KeyPrefix ?? "")}`.trim());
  }
  for (const fn of p.ofType("aws:lambda/function:Function")) {
    const logging = isObject(fn.inputs.loggingConfig) ? fn.inputs.loggingConfig : {};
    p.edge(p.nodes.get(fn.urn), p.resolve(String(logging.logGroup ?? "")), "logs");
  }
}

/** A threshold as a reader wants it: bytes in GiB. */
function quantity(value: unknown, metric: string): string {
  const n = Number(value);
  return metric.endsWith("Bytes") && n >= 1024 ** 3 ? `${+(n / 1024 ** 3).toFixed(2)} GiB` : String(value);
}

/** The inputs through which a resource names the key that encrypts it (topics, queues, logs, trails, functions, tables). */
const ENCRYPTION_INPUTS = ["kmsMasterKeyId", "kmsKeyId", "kmsKeyArn", "serverSideEncryption"];

/** Security-relevant settings shown in the boxes, read from the inputs: encryption, rotation, recovery. */
function securityLabels(p: Picture): void {
  const keyName = (node: Node | undefined) => (node && node.resource.type === "aws:kms/key:Key" ? node.resource.name : undefined);
  for (const node of p.nodes.values()) {
    const inputs = node.resource.inputs;
    const key = ENCRYPTION_INPUTS.flatMap((field) => p.references(inputs[field]))
      .map(keyName)
      .find((k) => k);
    if (key) node.lines.push(`encrypted: KMS ${key}`);
    else if (isObject(inputs.serverSideEncryption) && inputs.serverSideEncryption.enabled === true) node.lines.push("encrypted: AWS-managed key");
    if (isObject(inputs.pointInTimeRecovery) && inputs.pointInTimeRecovery.enabled === true) node.lines.push("point-in-time recovery");
    if (node.resource.type === "aws:kms/key:Key") {
      if (inputs.enableKeyRotation === true) node.lines.push("yearly rotation");
      if (inputs.deletionWindowInDays !== undefined) node.lines.push(`deletion window ${String(inputs.deletionWindowInDays)} days`);
    }
    if (inputs.retentionInDays !== undefined) node.lines.push(`retention ${String(inputs.retentionInDays)} days`);
  }
  for (const sse of p.ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")) {
    const bucket = p.resolve(String(sse.inputs.bucket ?? ""));
    const rule = asList(sse.inputs.rules)[0];
    const byDefault = isObject(rule) && isObject(rule.applyServerSideEncryptionByDefault) ? rule.applyServerSideEncryptionByDefault : {};
    const key = keyName(p.resolve(String(byDefault.kmsMasterKeyId ?? "")));
    if (bucket) bucket.lines.push(key ? `encrypted: SSE-KMS ${key}` : `encrypted: ${String(byDefault.sseAlgorithm ?? "default")}`);
  }
  for (const feature of p.ofType("aws:guardduty/detectorFeature:DetectorFeature")) {
    const detector = p.resources.find((r) => r.type === "aws:guardduty/detector:Detector" && (r.id ?? r.outputs?.id) === feature.inputs.detectorId);
    const node = detector && p.nodes.get(detector.urn);
    if (node && feature.inputs.status === "ENABLED") node.lines.push(String(feature.inputs.name));
  }
  for (const sub of p.ofType("aws:securityhub/standardsSubscription:StandardsSubscription")) {
    const hub = p.ofType("aws:securityhub/account:Account")[0];
    const node = hub && p.nodes.get(hub.urn);
    const standard = String(sub.inputs.standardsArn ?? "").split("standards/")[1];
    if (node && standard) node.lines.push(standard);
  }
}

/** Renders the flowchart; `title` goes into a comment line. Output is stable for stable input. */
export function architectureMermaid(resources: readonly DiagramResource[], title = "stack"): string {
  const p = new Picture(resources);
  const uploaders: string[] = [];
  notificationEdges(p, uploaders);
  permissionEdges(p);
  destinationEdges(p);
  alarmEdges(p);
  eventEdges(p);
  deliveryEdges(p);
  securityLabels(p);

  // Components as nested subgraphs; a box sits in its nearest component ancestor.
  const componentOf = (r: DiagramResource): DiagramResource | undefined => {
    for (let parent = r.parent && p.byUrn.get(r.parent); parent; parent = parent.parent ? p.byUrn.get(parent.parent) : undefined) {
      if (isComponent(parent)) return parent;
    }
    return undefined;
  };
  const children = new Map<string, string[]>();
  const boxes = new Map<string, string[]>();
  const used = new Set<DiagramResource>();
  for (const node of p.nodes.values()) {
    const owner = componentOf(node.resource);
    const shape = NODE_KINDS[node.resource.type];
    const line = `${node.id}${shape.open}"${node.lines.map(text).join("<br/>")}"${shape.close}`;
    boxes.set(owner?.urn ?? "", [...(boxes.get(owner?.urn ?? "") ?? []), line]);
    for (let c = owner; c; c = componentOf(c)) used.add(c);
  }
  for (const c of used) {
    const owner = componentOf(c)?.urn ?? "";
    children.set(owner, [...(children.get(owner) ?? []), c.urn]);
  }
  const render = (owner: string, depth: number): string[] => {
    const pad = "  ".repeat(depth);
    const lines = (boxes.get(owner) ?? []).sort().map((b) => `${pad}${b}`);
    for (const urn of (children.get(owner) ?? []).sort()) {
      const c = p.byUrn.get(urn) as DiagramResource;
      const kind = c.type.split(":").pop();
      lines.push(`${pad}subgraph ${nodeId(c)}["${text(`${c.name} (${kind})`)}"]`, ...render(urn, depth + 1), `${pad}end`);
    }
    return lines;
  };

  return [
    "flowchart LR",
    `  %% ${text(title)}: generated from the planned resources by offline/mermaid.ts; do not edit by hand.`,
    ...render("", 1),
    ...[...new Set(uploaders)].sort(),
    ...p.edgeLines(),
    "",
  ].join("\n");
}
