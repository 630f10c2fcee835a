import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createClients } from "../../../handlers/aws/clients";
import { loadConfig, type HandlerConfig } from "../../../handlers/config";
import type { PipelineDeps } from "../../../handlers/upload";

export const TABLE = "image-records";
export const TOPIC = "arn:aws:sns:us-east-1:123456789012:image-events";
export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const BUCKET = "images-bucket";
export const T0 = new Date("2026-11-29T08:00:00.000Z");

export const baseEnv = { TABLE_NAME: TABLE, TOPIC_ARN: TOPIC, KMS_KEY_ARN: KEY_ARN };

/** Real config (validated), real SDK clients (aws-sdk-client-mock intercepts them), a settable clock. */
export function makeDeps(env: Record<string, string> = {}): PipelineDeps & { clock: { now: Date }; config: HandlerConfig } {
  process.env.AWS_REGION ??= "us-east-1";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  const clock = { now: T0 };
  return {
    config: loadConfig({ ...baseEnv, ...env }),
    clients: createClients({}),
    logger: new Logger({ serviceName: "image-handler-test", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "ImagePipelineTest", serviceName: "image-handler-test" }),
    now: () => clock.now,
    clock,
  };
}
