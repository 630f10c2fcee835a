// Runs inside a child process whose working directory is the extracted Lambda archive. It loads
// the archive's __index.js exactly as Lambda would, records every AWS API call the handler makes
// (client, command, the input fields that name a resource, outcome) and answers invocations sent
// over IPC, one at a time. The SDK is compiled into the handler's bundle, out of reach, so calls
// are recorded where they leave the process: Node's http.request (moto is plain HTTP), read the way
// AWS reads them (signing scope, method and path, X-Amz-Target, the query or JSON body). Plain
// JavaScript: it must not depend on anything in the project.
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { randomUUID } = require("node:crypto");

const bundleDir = fs.realpathSync(process.argv[2] || process.cwd());
// Package names to resolve from the archive's root, as the handler's own requires would.
const probes = JSON.parse(process.argv[3] || "[]");
const runnerFile = fs.realpathSync(__filename);
let calls = [];
let pending = new Set();

// Input fields that identify what a call touches; never bodies (images) or items.
const RESOURCE_FIELDS = ["Bucket", "Key", "TableName", "TopicArn", "QueueUrl", "KeyId", "ServerSideEncryption", "SSEKMSKeyId", "ContentType"];
const CLIENTS = { s3: "S3Client", dynamodb: "DynamoDBClient", sns: "SNSClient", sqs: "SQSClient", kms: "KMSClient", sts: "STSClient" };
const S3_OPERATIONS = { HEAD: "HeadObject", GET: "GetObject", PUT: "PutObject", DELETE: "DeleteObject", POST: "PostObject" };
const MAX_CAPTURE = 64 * 1024;

/** The signing name in `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
function serviceOf(headers) {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(String(headers.authorization || ""))?.[1] || "unknown";
}

/** Bucket and key of a path-style (custom endpoint) or virtual-hosted S3 request. */
function s3Target(host, requestPath) {
  const [pathname] = requestPath.split("?");
  const parts = pathname.split("/").slice(1).map(decodeURIComponent);
  const hostname = String(host).split(":")[0];
  if (/^[\d.]+$/.test(hostname) || hostname === "localhost") return { Bucket: parts[0], Key: parts.slice(1).join("/") || undefined };
  return { Bucket: hostname.split(".")[0], Key: parts.join("/") || undefined };
}

function bodyFields(headers, body) {
  if (!body) return {};
  try {
    if (String(headers["content-type"] || "").includes("x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(body));
    return JSON.parse(body);
  } catch {
    return {};
  }
}

/** client, command and resource fields of one request, as the SDK command that sent it named them. */
function describe(req, headers, body) {
  const service = serviceOf(headers);
  const client = CLIENTS[service] || `${service}Client`;
  if (service === "s3") {
    const { Bucket, Key } = s3Target(headers.host || req.host, req.path);
    const input = { Bucket, Key };
    if (req.method === "PUT") {
      input.ServerSideEncryption = headers["x-amz-server-side-encryption"];
      input.SSEKMSKeyId = headers["x-amz-server-side-encryption-aws-kms-key-id"];
      input.ContentType = headers["content-type"];
    }
    return { client, command: `${S3_OPERATIONS[req.method] || req.method}Command`, input };
  }
  const fields = bodyFields(headers, body);
  const operation =
    String(headers["x-amz-target"] || "")
      .split(".")
      .pop() ||
    fields.Action ||
    "Unknown";
  return { client, command: `${operation}Command`, input: fields };
}

/** The error code AWS put in a failed response: JSON `__type` or X-Amzn-ErrorType, XML `<Code>`. */
function errorCode(res, body) {
  const header = res.headers["x-amzn-errortype"];
  if (header) return String(header).split(":")[0];
  const json = /"__type"\s*:\s*"([^"]+)"/.exec(body)?.[1];
  if (json) return json.split("#").pop();
  const xml = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  if (xml) return xml;
  return res.statusCode === 404 ? "NotFound" : `Http${res.statusCode}`;
}

function record(req) {
  const headers = Object.fromEntries(Object.entries(req.getHeaders()).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const chunks = [];
  let captured = 0;
  const capture = (chunk) => {
    if (chunk && typeof chunk !== "function" && captured < MAX_CAPTURE) {
      const buffer = Buffer.from(chunk);
      chunks.push(buffer);
      captured += buffer.length;
    }
  };
  const call = { client: "", command: "", input: {} };
  calls.push(call);
  pending.add(call);
  const describeOnce = () => {
    if (call.command) return;
    const { client, command, input } = describe(req, headers, serviceOf(headers) === "s3" ? "" : Buffer.concat(chunks).toString("utf8"));
    call.client = client;
    call.command = command;
    for (const field of RESOURCE_FIELDS) if (typeof input[field] === "string") call.input[field] = input[field];
  };
  const write = req.write;
  req.write = function (chunk, ...rest) {
    capture(chunk);
    return write.call(this, chunk, ...rest);
  };
  const end = req.end;
  req.end = function (chunk, ...rest) {
    capture(chunk);
    describeOnce();
    return end.call(this, chunk, ...rest);
  };
  req.once("error", (error) => {
    describeOnce();
    call.outcome = error.code || error.name || "Error";
    pending.delete(call);
  });
  req.once("response", (res) => {
    describeOnce();
    call.status = res.statusCode;
    if (res.statusCode < 300) {
      call.outcome = "ok";
      pending.delete(call);
      return;
    }
    // Observe the error body as the SDK reads it, without taking it from the SDK.
    const body = [];
    const emit = res.emit;
    res.emit = function (event, ...args) {
      if (event === "data" && body.length < 64) body.push(Buffer.from(args[0]));
      if (event === "end" && pending.has(call)) {
        call.outcome = errorCode(res, Buffer.concat(body).toString("utf8"));
        pending.delete(call);
      }
      return emit.call(this, event, ...args);
    };
  });
}

function instrumentHttp() {
  const request = http.request;
  http.request = function (...args) {
    const req = request.apply(this, args);
    record(req);
    return req;
  };
  // The SDK may `import("node:http")`: the ES module view of a built-in only sees the patch once synced.
  require("node:module").syncBuiltinESMExports();
}

/** Calls whose response never ended (e.g. a body nobody read) still report what they know. */
function settledCalls() {
  for (const call of pending) call.outcome = call.status === undefined ? "NoResponse" : errorCode({ headers: {}, statusCode: call.status }, "");
  pending = new Set();
  return calls;
}

/** Files loaded from outside the archive (builtins have no file); must stay empty. */
function modulesOutsideBundle() {
  return Object.keys(require.cache).filter((file) => file !== runnerFile && !file.startsWith(bundleDir + path.sep));
}

/** `remainingMs`: what getRemainingTimeInMillis answers (default 60 s), to play a short invocation. */
function lambdaContext(remainingMs = 60_000) {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME || "image-processor";
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${name}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: "e2e",
    getRemainingTimeInMillis: () => remainingMs,
    done() {},
    fail() {},
    succeed() {},
  };
}

let handler;
try {
  instrumentHttp();
  const entry = require(path.join(bundleDir, "__index.js"));
  handler = entry.handler;
  if (typeof handler !== "function") throw new Error(`${bundleDir}/__index.js exports no handler function`);
  const resolutions = {};
  for (const name of probes) {
    try {
      resolutions[name] = require.resolve(name, { paths: [bundleDir] });
    } catch {
      resolutions[name] = null;
    }
  }
  process.send({ type: "ready", resolutions, loaded: Object.keys(require.cache).length, outside: modulesOutsideBundle() });
} catch (error) {
  process.send({ type: "ready", error: { name: error.name, message: error.message, stack: error.stack } });
  process.exit(1);
}

// If the test process dies, the IPC channel closes: do not linger as an orphan.
process.on("disconnect", () => process.exit(0));

process.on("message", async (message) => {
  if (message.type !== "invoke") return;
  calls = [];
  pending = new Set();
  try {
    const result = await handler(message.event, lambdaContext(message.remainingMs));
    process.send({ type: "result", id: message.id, ok: true, result, calls: settledCalls(), outside: modulesOutsideBundle() });
  } catch (error) {
    process.send({
      type: "result",
      id: message.id,
      ok: false,
      error: { name: error?.name, message: error?.message },
      calls: settledCalls(),
      outside: modulesOutsideBundle(),
    });
  }
});
