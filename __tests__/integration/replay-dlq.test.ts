/**
 * The on-failure queue replay (scripts/replay-dlq.ts), run as a real process against a private
 * moto server: real SQS receive/delete and Lambda GetFunctionEventInvokeConfig/Invoke calls, with
 * moto's request recorder proving what was sent to Lambda. moto's Lambda runs nothing (its
 * docker-free backend only accepts invocations), so this proves the replay's AWS calls and
 * bookkeeping, not that the real handler then succeeds.
 */
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { zipSync } from "fflate";
import { decideReplay, type ReplayReport } from "../../scripts/replay-dlq";
import { runProcess, runScript, startPrivateMoto, type PrivateMoto } from "./support/script-harness";

const ACCOUNT = "123456789012"; // moto's default account
const REGION = "us-east-1";
const FUNCTION = "image-processor-fn";

/** An on-failure record as Lambda writes it (AWS docs, "Capturing records of asynchronous invocations"). */
function invocationRecord(key: string, functionName = FUNCTION): string {
  return JSON.stringify({
    version: "1.0",
    timestamp: "2026-11-29T08:00:00.000Z",
    requestContext: {
      requestId: `req-${key}`,
      functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}:$LATEST`,
      condition: "RetriesExhausted",
      approximateInvokeCount: 3,
    },
    requestPayload: {
      Records: [
        {
          eventVersion: "2.1",
          eventSource: "aws:s3",
          awsRegion: REGION,
          eventName: "ObjectCreated:Put",
          s3: { bucket: { name: "uploads-bucket", arn: "arn:aws:s3:::uploads-bucket" }, object: { key, size: 1024 } },
        },
      ],
    },
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    responsePayload: { errorType: "Error", errorMessage: "Task timed out after 30.00 seconds" },
  });
}

describe("decideReplay", () => {
  it("replays an invocation record of the function, with the original S3 event", () => {
    const decision = decideReplay(invocationRecord("uploads/a.jpg"), FUNCTION);
    expect(decision).toEqual({
      replay: true,
      event: JSON.parse(invocationRecord("uploads/a.jpg")).requestPayload,
      objects: ["s3://uploads-bucket/uploads/a.jpg"],
      error: "RetriesExhausted: Task timed out after 30.00 seconds",
    });
  });

  it("refuses records of another function, non-S3 payloads and foreign messages, saying why", () => {
    expect(decideReplay(invocationRecord("uploads/a.jpg", "other-fn"), FUNCTION)).toEqual({
      replay: false,
      reason: `record of function other-fn, not ${FUNCTION}`,
    });
    const notS3 = JSON.parse(invocationRecord("k"));
    notS3.requestPayload = { Records: [{ eventSource: "aws:sqs" }] };
    expect(decideReplay(JSON.stringify(notS3), FUNCTION)).toEqual({ replay: false, reason: "requestPayload is not an S3 event" });
    const empty = JSON.parse(invocationRecord("k"));
    empty.requestPayload = { Records: [] };
    expect(decideReplay(JSON.stringify(empty), FUNCTION)).toEqual({ replay: false, reason: "requestPayload has no S3 records" });
    expect(decideReplay('{"hello":1}', FUNCTION)).toEqual({
      replay: false,
      reason: "not a Lambda invocation record (no requestContext/requestPayload)",
    });
    expect(decideReplay("plain text", FUNCTION)).toEqual({ replay: false, reason: "not JSON, so not a Lambda invocation record" });
  });
});

function runReplay(args: string[], env: Record<string, string>): ReturnType<typeof runScript> {
  return runScript("scripts/replay-dlq.ts", args, env);
}

describe("scripts/replay-dlq.ts against moto", () => {
  jest.setTimeout(120_000);
  let moto: PrivateMoto | undefined;
  let endpoint = "";
  let recording = "";
  let workDir = "";
  let queueUrl = "";
  const awsEnv = (): Record<string, string> => ({
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_PROFILE: "",
  });
  const client = { endpoint: "", region: REGION, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-dlq-"));
    recording = path.join(workDir, "recording.jsonl");
    moto = await startPrivateMoto({ recordTo: recording });
    endpoint = moto.endpoint;
    client.endpoint = endpoint;
    // Invocations are accepted, not executed: no Docker here.
    await fetch(`${endpoint}/moto-api/config`, { method: "POST", body: JSON.stringify({ lambda: { use_docker: false } }) });

    const sqs = new SQSClient(client);
    const lambda = new LambdaClient(client);
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: `${FUNCTION}-on-failure` }));
    queueUrl = queue.QueueUrl ?? "";
    const role = await new IAMClient(client).send(
      new CreateRoleCommand({
        RoleName: `${FUNCTION}-role`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: FUNCTION,
        Runtime: "nodejs20.x",
        Role: role.Role?.Arn,
        Handler: "index.handler",
        Code: { ZipFile: zipSync({ "index.js": new TextEncoder().encode("exports.handler = async () => ({});") }) },
      }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: FUNCTION,
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:${REGION}:${ACCOUNT}:${FUNCTION}-on-failure` } },
      }),
    );
    for (const body of [invocationRecord("uploads/a.jpg"), invocationRecord("uploads/b.png"), invocationRecord("uploads/c.jpg", "other-fn"), "garbage"]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    }
    fs.writeFileSync(recording, ""); // keep only what the replay itself sends
  }, 660_000); // a fresh clone installs the venv first (scripts/python-env.sh)

  afterAll(() => {
    moto?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function visibleMessages(): Promise<number> {
    const attrs = await new SQSClient(client).send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
    );
    expect(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe("0");
    return Number(attrs.Attributes?.ApproximateNumberOfMessages);
  }

  /** The Lambda Invoke requests moto received, with their invocation type and payload. */
  function recordedInvocations(): { url: string; type: string; payload: unknown }[] {
    return fs
      .readFileSync(recording, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { url: string; method: string; headers: Record<string, string>; body: string; body_encoded: boolean })
      .filter((r) => r.method === "POST" && r.url.includes("/invocations"))
      .map((r) => ({
        url: new URL(r.url).pathname,
        type: r.headers["X-Amz-Invocation-Type"] ?? r.headers["x-amz-invocation-type"],
        payload: JSON.parse(r.body_encoded ? Buffer.from(r.body, "base64").toString("utf8") : r.body),
      }));
  }

  it("--dry-run lists what it would replay, invokes nothing and leaves every message visible", async () => {
    const result = await runScript("scripts/replay-dlq.ts", ["--function", FUNCTION, "--dry-run"], awsEnv());
    expect(result.stderr).not.toMatch(/replay-dlq:|Error/); // the SDK warns about Node 20 on stderr
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Listing up to 100 message(s) from ${queueUrl} into ${FUNCTION}`);
    expect(result.stdout).toMatch(/would replay s3:\/\/uploads-bucket\/uploads\/a\.jpg \(failed with RetriesExhausted: Task timed out after 30\.00 seconds\)/);
    expect(result.stdout).toMatch(/would replay s3:\/\/uploads-bucket\/uploads\/b\.png/);
    expect(recordedInvocations()).toEqual([]);
    expect(await visibleMessages()).toBe(4);
  });

  it("takes the region from a function ARN before the environment, and prints no SDK notice", async () => {
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`;
    const result = await runReplay(["--function", arn, "--dry-run"], { ...awsEnv(), AWS_REGION: "", AWS_DEFAULT_REGION: "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "" });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Listing up to 100 message(s) from ${queueUrl} into ${FUNCTION}`);
    expect(await visibleMessages()).toBe(4);
  });

  it("no region anywhere: exits 2 naming the call and the flag to pass, as JSON with --json", async () => {
    const noRegion = { ...awsEnv(), AWS_REGION: "", AWS_DEFAULT_REGION: "", AWS_CONFIG_FILE: path.join(workDir, "none") };
    const text = await runReplay(["--function", FUNCTION], noRegion);
    expect(text.code).toBe(2);
    // An empty AWS_REGION (all a child process can be given here) is "not accepted"; an unset one "missing".
    expect(text.stderr.trim()).toMatch(
      /^replay-dlq: Lambda GetFunctionEventInvokeConfig failed with Error: Region (is missing|not accepted: .*)\. Fix: pass a resource ARN that names the region, or --region, or set AWS_REGION$/,
    );
    const json = await runReplay(["--function", FUNCTION, "--json"], noRegion);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      tool: "replay-dlq",
      exitCode: 2,
      error: {
        service: "Lambda",
        operation: "GetFunctionEventInvokeConfig",
        code: "Error",
        message: expect.stringMatching(/^Region (is missing|not accepted)/),
        fix: "pass a resource ARN that names the region, or --region, or set AWS_REGION",
      },
    });
    expect(recordedInvocations()).toEqual([]);
  });

  it("an AWS error is exit 2 (could not run), not 1 (messages left)", async () => {
    const result = await runReplay(["--function", "no-such-function", "--json"], awsEnv());
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { service: "Lambda", operation: "GetFunctionEventInvokeConfig", code: "ResourceNotFoundException" } });
  });

  it("--json --dry-run reports counts, the uploads it would replay and why the others stay, as one document", async () => {
    const result = await runReplay(["--function", FUNCTION, "--dry-run", "--json"], awsEnv());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ReplayReport;
    expect({ ...report, objects: [...report.objects].sort(), messages: undefined }).toEqual({
      functionName: FUNCTION,
      queueUrl,
      dryRun: true,
      read: 4,
      replayed: 0,
      left: 4,
      objects: ["s3://uploads-bucket/uploads/a.jpg", "s3://uploads-bucket/uploads/b.png"],
      messages: undefined,
    });
    expect(report.messages.map((m) => `${m.outcome} ${m.objects.join(",")} ${m.detail}`).sort()).toEqual([
      "left  not JSON, so not a Lambda invocation record",
      `left  record of function other-fn, not ${FUNCTION}`,
      "would-replay s3://uploads-bucket/uploads/a.jpg RetriesExhausted: Task timed out after 30.00 seconds",
      "would-replay s3://uploads-bucket/uploads/b.png RetriesExhausted: Task timed out after 30.00 seconds",
    ]);
    expect(recordedInvocations()).toEqual([]);
    expect(await visibleMessages()).toBe(4);
  });

  it("re-invokes the function asynchronously with each original S3 event, deletes only those, and leaves the rest", async () => {
    const result = await runScript("scripts/replay-dlq.ts", ["--function", FUNCTION], awsEnv());
    expect(result.stderr).not.toMatch(/replay-dlq:|Error/); // the SDK warns about Node 20 on stderr
    expect(result.stdout).toMatch(/left in queue .*: record of function other-fn, not image-processor-fn/);
    expect(result.stdout).toMatch(/left in queue .*: not JSON, so not a Lambda invocation record/);
    expect(result.stdout).toContain("Replayed 2, left 2 in the queue.");
    expect(result.code).toBe(1);
    const original = (key: string): unknown => JSON.parse(invocationRecord(key)).requestPayload;
    const invocations = recordedInvocations().sort((a, b) => JSON.stringify(a.payload).localeCompare(JSON.stringify(b.payload)));
    expect(invocations).toEqual([
      { url: `/2015-03-31/functions/${FUNCTION}/invocations`, type: "Event", payload: original("uploads/a.jpg") },
      { url: `/2015-03-31/functions/${FUNCTION}/invocations`, type: "Event", payload: original("uploads/b.png") },
    ]);
    expect(await visibleMessages()).toBe(2);
  });

  it("--json after the replay reports the two messages it could not replay, and exits 1", async () => {
    const result = await runReplay(["--function", FUNCTION, "--json"], awsEnv());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as ReplayReport;
    expect([report.read, report.replayed, report.left, report.objects]).toEqual([2, 0, 2, []]);
    expect(report.messages.map((m) => m.outcome)).toEqual(["left", "left"]);
    expect(recordedInvocations()).toHaveLength(2); // only the two of the previous run
  });

  it("npm run replay: a missing --function exits 2 with a clear message", async () => {
    const result = await runProcess("npm", ["run", "-s", "replay"], awsEnv());
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe("replay-dlq: --function <functionName> is required (the stack output functionName), or --stack <name>");
  });

  it("--stack without the Pulumi CLI names the flags that replace it", async () => {
    const result = await runReplay(["--stack", "dev"], { ...awsEnv(), PATH: path.dirname(process.execPath) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "replay-dlq: --stack dev reads the stack's outputs with the Pulumi CLI, which is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend, or pass --function <name or ARN> (and --queue-url, --region if needed) instead of --stack",
    );
  });
});
