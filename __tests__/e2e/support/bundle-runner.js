// Runs inside a child process whose working directory is the extracted Lambda archive. It loads
// the archive's __index.js exactly as Lambda would, records every AWS SDK call the handler makes
// (client, command, the input fields that name a resource, outcome), and answers invocations
// sent over IPC, one at a time. Plain JavaScript: it must not depend on anything in the project.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { randomUUID } = require("node:crypto");

const bundleDir = fs.realpathSync(process.argv[2] || process.cwd());
// Package names to resolve from the archive's root, as the handler's own requires would.
const probes = JSON.parse(process.argv[3] || "[]");
const runnerFile = fs.realpathSync(__filename);
let calls = [];

// Input fields that identify what a call touches; never bodies (images) or items.
const RESOURCE_FIELDS = ["Bucket", "Key", "TableName", "TopicArn", "QueueUrl", "KeyId", "ServerSideEncryption", "SSEKMSKeyId", "ContentType"];

/**
 * Every copy in the archive (nested copies too) of the package that defines the SDK's base
 * `Client` class: `@smithy/core` (its `client` export) in current SDKs, `@smithy/smithy-client`
 * in older ones. Returns the module files to require.
 */
function clientModules(dir, found = []) {
  const core = path.join(dir, "@smithy", "core", "package.json");
  if (fs.existsSync(core)) {
    const exported = JSON.parse(fs.readFileSync(core, "utf8")).exports?.["./client"];
    const file = typeof exported === "string" ? exported : exported?.require ?? exported?.node;
    if (file) found.push(path.join(path.dirname(core), file));
  }
  const legacy = path.join(dir, "@smithy", "smithy-client", "package.json");
  if (fs.existsSync(legacy)) found.push(path.dirname(legacy));
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = path.join(dir, entry.name);
    const packages = entry.name.startsWith("@") ? fs.readdirSync(child).map((n) => path.join(child, n)) : [child];
    for (const pkg of packages) {
      const nested = path.join(pkg, "node_modules");
      if (fs.existsSync(nested)) clientModules(nested, found);
    }
  }
  return found;
}

const instrumented = new WeakSet();
function recordingMiddleware(next, context) {
  return async (args) => {
    const input = {};
    for (const field of RESOURCE_FIELDS) if (typeof args.input?.[field] === "string") input[field] = args.input[field];
    const call = { client: context.clientName, command: context.commandName, input };
    calls.push(call);
    try {
      const output = await next(args);
      call.outcome = "ok";
      call.status = output?.output?.$metadata?.httpStatusCode;
      return output;
    } catch (error) {
      call.outcome = error?.name || "Error";
      // A response the SDK could not parse keeps its status only on $response.
      call.status = error?.$metadata?.httpStatusCode ?? error?.$response?.statusCode;
      throw error;
    }
  };
}

function instrumentSdk() {
  const modules = clientModules(path.join(bundleDir, "node_modules"));
  if (modules.length === 0) throw new Error(`no @smithy/core or @smithy/smithy-client in ${bundleDir}/node_modules: is the AWS SDK packaged?`);
  for (const file of modules) {
    const { Client } = require(file);
    if (typeof Client?.prototype?.send !== "function") throw new Error(`${file} exports no SDK Client class`);
    const send = Client.prototype.send;
    Client.prototype.send = function (command, ...rest) {
      if (!instrumented.has(this.middlewareStack)) {
        instrumented.add(this.middlewareStack);
        this.middlewareStack.add(recordingMiddleware, { step: "initialize", priority: "high", name: "e2eCallRecorder" });
      }
      return send.call(this, command, ...rest);
    };
  }
  return modules.map((m) => path.relative(bundleDir, m));
}

/** Files loaded from outside the archive (builtins have no file); must stay empty. */
function modulesOutsideBundle() {
  return Object.keys(require.cache).filter((file) => file !== runnerFile && !file.startsWith(bundleDir + path.sep));
}

function lambdaContext() {
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
    getRemainingTimeInMillis: () => 60_000,
    done() {},
    fail() {},
    succeed() {},
  };
}

let handler;
try {
  const smithyCopies = instrumentSdk();
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
  process.send({ type: "ready", smithyCopies, resolutions, loaded: Object.keys(require.cache).length, outside: modulesOutsideBundle() });
} catch (error) {
  process.send({ type: "ready", error: { name: error.name, message: error.message, stack: error.stack } });
  process.exit(1);
}

// If the test process dies, the IPC channel closes: do not linger as an orphan.
process.on("disconnect", () => process.exit(0));

process.on("message", async (message) => {
  if (message.type !== "invoke") return;
  calls = [];
  try {
    const result = await handler(message.event, lambdaContext());
    process.send({ type: "result", id: message.id, ok: true, result, calls, outside: modulesOutsideBundle() });
  } catch (error) {
    process.send({
      type: "result",
      id: message.id,
      ok: false,
      error: { name: error?.name, message: error?.message },
      calls,
      outside: modulesOutsideBundle(),
    });
  }
});
