/**
 * The Lambda entry. The ImageProcessor component bundles it (esbuild, one file) and its callback
 * does `require(".../index.js").handler`, so nothing here may import from outside handlers/.
 *
 * Configuration and clients are created on the first invocation and kept for the container's
 * life; a configuration error fails every invocation with a message naming the variable.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { handleInvocation, type InvocationSummary, type LambdaContext } from "./app";
import type { BatchResponse } from "./batch-events";
import { createClients } from "./aws/clients";
import { loadConfig } from "./config";
import type { PipelineDeps } from "./upload";

// Service name, namespace and log level come from POWERTOOLS_* variables set by the component.
const logger = new Logger();
const metrics = new Metrics();

// The local thumbnail tool runs this same bundle: the image core and the settings it parses.
export { ConfigError, HANDLER_DEFAULTS, HANDLER_LIMITS, parseVariants } from "./config";
export { ImageRejection } from "./image/errors";
export { processImage } from "./image/process";

let deps: PipelineDeps | undefined;

function coldStart(): PipelineDeps {
  try {
    const config = loadConfig(process.env);
    return { config, clients: createClients(), logger, metrics, now: () => new Date() };
  } catch (error) {
    logger.error("Handler configuration is invalid", { error: error as Error });
    throw error;
  }
}

/** S3 event notifications (uploads) and S3 Batch Operations invocations (the reprocess job). */
export async function handler(event: unknown, context: LambdaContext): Promise<InvocationSummary | BatchResponse> {
  deps ??= coldStart();
  return handleInvocation(deps, event, context);
}
