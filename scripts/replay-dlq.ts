/**
 * Replays failed uploads from the image Lambda's on-failure queue (docs/runbook.md, "Replaying
 * failed uploads").
 *
 * When an asynchronous invocation (the S3 notification) still fails after Lambda's retries, Lambda
 * sends an invocation record to the on-failure SQS destination: the original S3 event is under
 * `requestPayload`. This tool re-invokes the function asynchronously with that event, so a second
 * failure goes back to the same queue, and deletes a message only after Lambda accepted the
 * replay (HTTP 202). Messages that are not invocation records of this function are left in the
 * queue, visible again at once, and reported: they need a human. `--dry-run` only lists.
 *
 * Usage:
 *   npm run replay -- --function <name or ARN> [--queue-url <url>] [--region <region>]
 *       [--max <n>] [--dry-run] [--json]
 *   npm run replay -- --stack <name> [...]      (function and queue from the stack's outputs)
 * The queue defaults to the function's configured on-failure destination. The region is
 * --region, else the one the function ARN, the queue URL or the stack's outputs name, else the
 * usual AWS environment (AWS_REGION, the profile); credentials come from the AWS environment.
 * It reports what it did: per message, the objects replayed (s3://bucket/key) or why it was left;
 * with --json, one document on stdout (see `ReplayReport`) instead of lines of text.
 * Exit (tools/exit-codes.ts): 0 when every message read was replayed (or listed, with --dry-run);
 * 1 when some were left in the queue; 2 when it could not run (bad arguments, no region, an AWS
 * error, named with its service, operation and error code), with --json as a JSON failure document.
 */
import "./lib/quiet-sdk";
import { GetFunctionEventInvokeConfigCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { parseArgs } from "node:util";
import { EXIT } from "../tools/exit-codes";
import { nameFailures } from "./lib/aws-failure";
import { chooseRegion, regionOfArn, regionOfQueueUrl, type RegionChoice } from "./lib/region";
import { readStackOutputs } from "./lib/stack-outputs";
import { reportFailure, wantsJson } from "./lib/tool-failure";

/** An S3 notification as Lambda delivered it; only the fields the replay checks. */
export interface S3Event {
  Records: { eventSource: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

export type ReplayDecision =
  { readonly replay: true; readonly event: S3Event; readonly objects: string[]; readonly error: string } | { readonly replay: false; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The function name in an ARN such as `arn:aws:lambda:us-east-1:123:function:name:$LATEST`. */
function functionNameOf(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[^:]+)?$/.exec(arn)?.[1];
}

/**
 * Decides whether one queue message can be replayed into `functionName`: it must be a Lambda
 * invocation record of that function whose payload is an S3 event.
 */
export function decideReplay(body: string, functionName: string): ReplayDecision {
  let record: unknown;
  try {
    record = JSON.parse(body);
  } catch {
    return { replay: false, reason: "not JSON, so not a Lambda invocation record" };
  }
  if (!isObject(record) || !isObject(record.requestContext) || !("requestPayload" in record)) {
    return { replay: false, reason: "not a Lambda invocation record (no requestContext/requestPayload)" };
  }
  const source = typeof record.requestContext.functionArn === "string" ? functionNameOf(record.requestContext.functionArn) : undefined;
  if (source !== functionName) {
    return { replay: false, reason: `record of function ${source ?? "(unknown)"}, not ${functionName}` };
  }
  const payload = record.requestPayload;
  const records = isObject(payload) && Array.isArray(payload.Records) ? (payload.Records as unknown[]) : [];
  const objects: string[] = [];
  for (const r of records) {
    if (!isObject(r) || r.eventSource !== "aws:s3" || !isObject(r.s3) || !isObject(r.s3.bucket) || !isObject(r.s3.object)) {
      return { replay: false, reason: "requestPayload is not an S3 event" };
    }
    objects.push(`s3://${String(r.s3.bucket.name)}/${String(r.s3.object.key)}`);
  }
  if (objects.length === 0) return { replay: false, reason: "requestPayload has no S3 records" };
  const response = isObject(record.responsePayload) ? record.responsePayload : {};
  const condition = typeof record.requestContext.condition === "string" ? record.requestContext.condition : "unknown";
  const error = typeof response.errorMessage === "string" ? `${condition}: ${response.errorMessage}` : condition;
  return { replay: true, event: payload as unknown as S3Event, objects, error };
}

export interface ReplayOptions {
  functionName: string;
  /** Given as an ARN (flag or stack output): it names the region. */
  functionArn?: string;
  queueUrl?: string;
  region?: string;
  /** The stack whose outputs gave the function and queue, if --stack was used. */
  stack?: string;
  max: number;
  dryRun: boolean;
  json: boolean;
}

/** What one run did; `--json` prints it. */
export interface ReplayReport {
  readonly functionName: string;
  readonly queueUrl: string;
  readonly dryRun: boolean;
  /** Messages read from the queue. */
  readonly read: number;
  /** Messages replayed into the function and deleted (0 with --dry-run). */
  readonly replayed: number;
  /** Messages left in the queue (with --dry-run: every one read). */
  readonly left: number;
  /** The uploads replayed (with --dry-run: that would be), `s3://bucket/key`. */
  readonly objects: string[];
  readonly messages: ReplayedMessage[];
}

export interface ReplayedMessage {
  readonly messageId: string;
  readonly outcome: "replayed" | "would-replay" | "left";
  readonly objects: string[];
  /** Why it failed originally (replayed) or why it was left. */
  readonly detail: string;
}

/** The command's flags (docs/runbook.md, "Replaying failed uploads", lists each). */
export const REPLAY_FLAGS = {
  function: { type: "string" },
  stack: { type: "string" },
  "queue-url": { type: "string" },
  region: { type: "string" },
  max: { type: "string", default: "100" },
  "dry-run": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
} as const;

/** Stack outputs --stack reads (index.ts exports them). */
export const REPLAY_STACK_OUTPUTS = { functionName: "functionName", functionArn: "functionArn", queueUrl: "failureQueueUrl" } as const;

/** The flags that replace `--stack` when the Pulumi CLI or the stack's backend is not at hand. */
export const REPLAY_FLAGS_INSTEAD_OF_STACK = "--function <name or ARN> (and --queue-url, --region if needed)";

/**
 * Parses the command line; throws a message naming the bad or missing flag. `outputs` reads a
 * stack's outputs (the Pulumi CLI by default) when --stack is given; flags override them.
 */
export function parseReplayArgs(
  argv: string[],
  outputs: (stack: string) => Record<string, unknown> = (stack) => readStackOutputs(stack, REPLAY_FLAGS_INSTEAD_OF_STACK),
): ReplayOptions {
  const { values } = parseArgs({ args: argv, options: REPLAY_FLAGS, strict: true });
  if (!values.function && !values.stack) throw new Error("--function <functionName> is required (the stack output functionName), or --stack <name>");
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1 || max > 10000) throw new Error(`--max must be a whole number from 1 to 10000, got "${values.max}"`);
  const fromStack = values.stack ? outputs(values.stack) : {};
  const output = (name: string) => (typeof fromStack[name] === "string" ? (fromStack[name] as string) : undefined);
  const given = values.function ?? output(REPLAY_STACK_OUTPUTS.functionArn) ?? output(REPLAY_STACK_OUTPUTS.functionName) ?? "";
  const functionArn = given.startsWith("arn:") ? given : undefined;
  const functionName = functionArn ? functionNameOf(functionArn) : given;
  if (!given) throw new Error(`stack "${values.stack}" has no output ${REPLAY_STACK_OUTPUTS.functionName}; pass --function`);
  if (!functionName) throw new Error(`--function "${given}" is neither a function name nor a Lambda function ARN`);
  return {
    functionName,
    functionArn,
    queueUrl: values["queue-url"] ?? output(REPLAY_STACK_OUTPUTS.queueUrl),
    region: values.region,
    stack: values.stack,
    max,
    dryRun: values["dry-run"] ?? false,
    json: values.json ?? false,
  };
}

/** --region, else what the function ARN or the queue URL names; undefined leaves it to the SDK's chain. */
export function replayRegion(opts: Pick<ReplayOptions, "region" | "functionArn" | "queueUrl" | "stack">): RegionChoice | undefined {
  const via = opts.stack ? ` (stack ${opts.stack})` : "";
  return chooseRegion([
    { from: "--region", region: opts.region },
    { from: `the function ARN${via}`, region: regionOfArn(opts.functionArn) },
    { from: `the queue URL${via}`, region: regionOfQueueUrl(opts.queueUrl) },
  ]);
}

async function onFailureQueueUrl(lambda: LambdaClient, sqs: SQSClient, functionName: string): Promise<string> {
  const config = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: functionName }));
  const arn = config.DestinationConfig?.OnFailure?.Destination;
  const match = arn ? /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:(\d{12}):(.+)$/.exec(arn) : null;
  if (!match) throw new Error(`${functionName} has no SQS on-failure destination (found "${arn ?? "none"}"); pass --queue-url`);
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: match[2], QueueOwnerAWSAccountId: match[1] }));
  if (!QueueUrl) throw new Error(`no URL for queue ${arn}`);
  return QueueUrl;
}

async function main(argv: string[]): Promise<number> {
  let opts: ReplayOptions;
  try {
    opts = parseReplayArgs(argv);
  } catch (err) {
    return reportFailure("replay-dlq", err, wantsJson(argv));
  }
  try {
    return await replay(opts);
  } catch (err) {
    return reportFailure("replay-dlq", err, opts.json);
  }
}

async function replay(opts: ReplayOptions): Promise<number> {
  const region = replayRegion(opts)?.region;
  const lambda = nameFailures(new LambdaClient({ region }));
  const sqs = nameFailures(new SQSClient({ region }));
  const queueUrl = opts.queueUrl ?? (await onFailureQueueUrl(lambda, sqs, opts.functionName));
  const say = opts.json ? () => undefined : (line: string) => console.log(line);
  say(`${opts.dryRun ? "Listing" : "Replaying"} up to ${opts.max} message(s) from ${queueUrl} into ${opts.functionName}`);

  const messages: ReplayedMessage[] = [];
  const leftHandles: string[] = [];
  const count = (outcome: ReplayedMessage["outcome"]) => messages.filter((m) => m.outcome === outcome).length;
  // A received message stays invisible for the visibility timeout, so one pass never sees the
  // same message twice; the ones left behind reappear afterwards.
  while (messages.length < opts.max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, opts.max - messages.length),
        VisibilityTimeout: 300,
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      const messageId = message.MessageId ?? "";
      const decision = decideReplay(message.Body ?? "", opts.functionName);
      if (!decision.replay) {
        leftHandles.push(message.ReceiptHandle ?? "");
        messages.push({ messageId, outcome: "left", objects: [], detail: decision.reason });
        continue;
      }
      if (opts.dryRun) {
        leftHandles.push(message.ReceiptHandle ?? "");
        messages.push({ messageId, outcome: "would-replay", objects: decision.objects, detail: decision.error });
        continue;
      }
      const result = await lambda.send(new InvokeCommand({ FunctionName: opts.functionName, InvocationType: "Event", Payload: Buffer.from(JSON.stringify(decision.event)) }));
      if (result.StatusCode !== 202) {
        leftHandles.push(message.ReceiptHandle ?? "");
        messages.push({ messageId, outcome: "left", objects: decision.objects, detail: `Lambda answered ${result.StatusCode ?? "nothing"}, not 202; left in the queue` });
        continue;
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      messages.push({ messageId, outcome: "replayed", objects: decision.objects, detail: decision.error });
      say(`replayed ${messageId}: ${decision.objects.join(", ")} (had failed with ${decision.error})`);
    }
  }
  // Only after the pass: made visible earlier, a left message would be received again.
  for (const handle of leftHandles) {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }));
  }
  for (const m of messages) {
    if (m.outcome === "would-replay") say(`${m.messageId}: would replay ${m.objects.join(", ")} (failed with ${m.detail})`);
    if (m.outcome === "left") say(`${opts.dryRun ? "" : "left in queue "}${m.messageId}: ${m.detail}`);
  }
  const report: ReplayReport = {
    functionName: opts.functionName,
    queueUrl,
    dryRun: opts.dryRun,
    read: messages.length,
    replayed: count("replayed"),
    left: messages.length - count("replayed"),
    objects: messages.filter((m) => m.outcome !== "left").flatMap((m) => m.objects),
    messages,
  };
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  say(`Replayed ${report.replayed}, left ${report.left} in the queue.`);
  return count("left") === 0 || opts.dryRun ? EXIT.ok : EXIT.findings;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => (process.exitCode = reportFailure("replay-dlq", err, wantsJson(process.argv))),
  );
}
