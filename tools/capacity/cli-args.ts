/** The capacity command's flags: parsed and checked together, every problem named at once. */
import { parseArgs } from "util";
import { IMAGE_PROCESSOR_DEFAULTS } from "../../components/image-processor-args";
import { DYNAMODB_LIMITS, LAMBDA_LIMITS } from "../../components/aws-limits";
import { ENCRYPTED_TABLE_DEFAULTS } from "../../components/encrypted-table";
import type { Load, ModelOptions, PipelineConfig } from "./model";

export const USAGE = `npm run -s capacity -- [options]

What the deployed pipeline does with a load: a discrete-event simulation of Lambda's asynchronous
invocation (concurrency limit, internal queue, throttle and error retries, maximum event age,
on-failure destination) on the job times the bench measured (bench/service-times.json).

Load:
  --rate <n>/s|/min|/h     sustained uploads (e.g. 5/s, 300/min); default 0
  --duration <time>        how long the sustained rate lasts (e.g. 90s, 10m, 1h); default 1h
  --burst <n>              extra uploads arriving together...
  --over <time>            ...spread over this window (default 0s: all at once)
  --burst-at <time>        when the burst starts (default 0s)
  --backlog <n>            events already queued now (a burst of n at once): the answer for a backlog
  --mix <name=share,...>   image mix from the bench's inputs (default jpeg-12mp=1)
  --error-rate <0-1>       share of invocations that fail with a function error (default 0)
  --uploads-per-month <n>  for the cost (default: the rate for 30 days plus one burst)

Configuration (defaults: the stack's defaults, or --stack's file):
  --stack <name>           read concurrency, memory, maximum event age and alarm percent from Pulumi.<name>.yaml
  --concurrency <n>        reserved concurrency (${LAMBDA_LIMITS.reservedConcurrency.min}-${LAMBDA_LIMITS.reservedConcurrency.max})
  --memory <MB>            function memory (${LAMBDA_LIMITS.memoryMb.min}-${LAMBDA_LIMITS.memoryMb.max}); CPU share = memory / 1769
  --max-event-age <time>   maximumEventAgeInSeconds (60s-6h)
  --retries <0-2>          maximumRetryAttempts after function errors
  --alarm-percent <1-99>   the AsyncEventAge alarm's threshold, percent of the maximum event age
  --architecture <arm64|x86_64>
  --table-wcu <n>          provisioned write capacity of the records table (tableWriteCapacity)

Model:
  --recommend              choose the cheapest memory (512, 1024, 1769 MB) and the least concurrency
                           that lose nothing and stay under the AsyncEventAge alarm, for the load,
                           and the table write capacity its busiest 5 minutes need
  --poller <backoff|ideal> documented per-event retry backoff (default), or an ideal FIFO poller (best case)
  --arrivals <poisson|uniform>   default poisson
  --io-ms <ms>             S3/DynamoDB/SNS time per invocation, not scaled by memory (default 150)
  --seed <n>               default 1; the same inputs and seed give the same answer
  --period <time>          width of the queue-age time series (default 5m, the alarms' period)
  --json                   one JSON document: throughputPerHour, queueAgeP99Seconds, expired,
                           drainSeconds, monthlyUsd, assumptions[] and the details
  --help

Exit codes: 0 nothing lost (no event expired or failed) and the table's write capacity carries the
load, 1 events would be lost or the table is too small (or --recommend found no configuration),
2 usage or input error.`;

export interface CapacityArgs {
  readonly help: boolean;
  readonly json: boolean;
  readonly recommend: boolean;
  readonly stack?: string;
  /** Configuration flags given explicitly (override --stack and the defaults). */
  readonly config: Partial<PipelineConfig>;
  readonly load: Load;
  readonly options: ModelOptions;
}

export class UsageError extends Error {}

/** `90`, `90s`, `10m`, `1.5h` -> seconds. */
export function parseDuration(flag: string, raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(raw.trim());
  if (!m) throw new UsageError(`${flag} expects a time such as 90s, 10m or 1h, got "${raw}"`);
  const factor = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600 }[m[2] ?? "s"] as number;
  return Number(m[1]) * factor;
}

/** `5/s`, `300/min`, `2000/h`, `5` (per second) -> uploads per second. */
export function parseRate(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|m|min|h))?$/.exec(raw.trim());
  if (!m) throw new UsageError(`--rate expects uploads per time such as 5/s, 300/min or 2000/h, got "${raw}"`);
  return Number(m[1]) / ({ s: 1, m: 60, min: 60, h: 3600 }[m[2] ?? "s"] as number);
}

/** `jpeg-12mp=0.8,png-12mp=0.2` -> shares (normalised by the model); names are checked against the measurements. */
export function parseMix(raw: string): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const part of raw.split(",")) {
    const m = /^([a-z0-9-]+)=(\d+(?:\.\d+)?)$/.exec(part.trim());
    if (!m) throw new UsageError(`--mix expects name=share pairs such as jpeg-12mp=0.8,png-12mp=0.2, got "${part}"`);
    if (m[1] in mix) throw new UsageError(`--mix names ${m[1]} twice`);
    mix[m[1]] = Number(m[2]);
  }
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  if (total <= 0) throw new UsageError("--mix shares must add up to more than 0");
  return mix;
}

const SECONDS_PER_MONTH = 30 * 24 * 3600;

export function parseCapacityArgs(argv: readonly string[]): CapacityArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        help: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        recommend: { type: "boolean", default: false },
        stack: { type: "string" },
        rate: { type: "string" },
        duration: { type: "string" },
        burst: { type: "string" },
        over: { type: "string" },
        "burst-at": { type: "string" },
        backlog: { type: "string" },
        mix: { type: "string", default: "jpeg-12mp=1" },
        "error-rate": { type: "string", default: "0" },
        "uploads-per-month": { type: "string" },
        concurrency: { type: "string" },
        memory: { type: "string" },
        "max-event-age": { type: "string" },
        retries: { type: "string" },
        "alarm-percent": { type: "string" },
        architecture: { type: "string" },
        "table-wcu": { type: "string" },
        poller: { type: "string", default: "backoff" },
        arrivals: { type: "string", default: "poisson" },
        "io-ms": { type: "string", default: "150" },
        seed: { type: "string", default: "1" },
        period: { type: "string", default: "5m" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const problems: string[] = [];
  const attempt = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (error) {
      problems.push((error as Error).message);
      return fallback;
    }
  };
  const whole = (flag: string, raw: string | undefined, min: number, max: number): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const fraction = (flag: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) problems.push(`--${flag} must be a number from 0 to 1, got "${raw}"`);
    return n;
  };
  const oneOf = <T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T | undefined => {
    if (raw !== undefined && !allowed.includes(raw as T)) problems.push(`--${flag} must be one of ${allowed.join(", ")}, got "${raw}"`);
    return raw as T | undefined;
  };

  const ratePerSecond = v.rate === undefined ? 0 : attempt(() => parseRate(v.rate as string), 0);
  const durationSeconds = v.duration === undefined ? (ratePerSecond > 0 ? 3600 : 0) : attempt(() => parseDuration("--duration", v.duration as string), 0);
  if (v.over !== undefined && v.burst === undefined) problems.push("--over needs --burst");
  if (v["burst-at"] !== undefined && v.burst === undefined) problems.push("--burst-at needs --burst");
  if (v.backlog !== undefined && v.burst !== undefined) problems.push("--backlog and --burst are two forms of one load: give one");
  const burstCount = whole("burst", v.burst, 1, 10_000_000) ?? whole("backlog", v.backlog, 1, 10_000_000);
  const burst =
    burstCount === undefined
      ? undefined
      : {
          count: burstCount,
          overSeconds: v.over === undefined ? 0 : attempt(() => parseDuration("--over", v.over as string), 0),
          atSeconds: v["burst-at"] === undefined ? 0 : attempt(() => parseDuration("--burst-at", v["burst-at"] as string), 0),
        };
  if (ratePerSecond === 0 && burst === undefined && problems.length === 0) problems.push("give a load: --rate, --burst or --backlog");
  const mix = attempt(() => parseMix(v.mix as string), { "jpeg-12mp": 1 });
  const errorRate = fraction("error-rate", v["error-rate"] as string);
  const uploadsPerMonth = whole("uploads-per-month", v["uploads-per-month"], 0, 1e12) ?? Math.round(ratePerSecond * SECONDS_PER_MONTH + (burst?.count ?? 0));

  const maxAge = v["max-event-age"] === undefined ? undefined : attempt(() => parseDuration("--max-event-age", v["max-event-age"] as string), undefined);
  if (maxAge !== undefined && (!Number.isInteger(maxAge) || maxAge < LAMBDA_LIMITS.maximumEventAgeInSeconds.min || maxAge > LAMBDA_LIMITS.maximumEventAgeInSeconds.max)) {
    problems.push(`--max-event-age must be a whole number of seconds from 60s to 6h, got "${v["max-event-age"]}"`);
  }
  const config: Partial<PipelineConfig> = Object.fromEntries(
    Object.entries({
      concurrency: whole("concurrency", v.concurrency, LAMBDA_LIMITS.reservedConcurrency.min, LAMBDA_LIMITS.reservedConcurrency.max),
      memoryMb: whole("memory", v.memory, LAMBDA_LIMITS.memoryMb.min, LAMBDA_LIMITS.memoryMb.max),
      maxEventAgeSeconds: maxAge,
      maxRetryAttempts: whole("retries", v.retries, LAMBDA_LIMITS.maxRetryAttempts.min, LAMBDA_LIMITS.maxRetryAttempts.max),
      eventAgeAlarmPercent: whole("alarm-percent", v["alarm-percent"], 1, 99),
      architecture: oneOf("architecture", v.architecture, ["arm64", "x86_64"] as const),
      tableWriteCapacity: whole("table-wcu", v["table-wcu"], DYNAMODB_LIMITS.capacityUnits.min, DYNAMODB_LIMITS.capacityUnits.max),
    }).filter(([, value]) => value !== undefined),
  );
  const poller = oneOf("poller", v.poller, ["backoff", "ideal"] as const) ?? "backoff";
  const arrivals = oneOf("arrivals", v.arrivals, ["poisson", "uniform"] as const) ?? "poisson";
  const ioMs = Number(v["io-ms"]);
  if (!Number.isFinite(ioMs) || ioMs < 0 || ioMs > 60_000) problems.push(`--io-ms must be a number of milliseconds from 0 to 60000, got "${v["io-ms"]}"`);
  const seed = whole("seed", v.seed, 0, 2 ** 32 - 1) ?? 1;
  const periodSeconds = attempt(() => parseDuration("--period", v.period as string), 300);
  if (periodSeconds < 1) problems.push("--period must be at least 1s");
  if (v.recommend && (v.concurrency !== undefined || v.memory !== undefined || v["table-wcu"] !== undefined)) {
    problems.push("--recommend chooses --concurrency, --memory and --table-wcu: do not give them");
  }

  if (problems.length > 0 && !v.help) throw new UsageError(problems.join("\n"));
  return {
    help: v.help as boolean,
    json: v.json as boolean,
    recommend: v.recommend as boolean,
    stack: v.stack,
    config,
    load: { ratePerSecond, durationSeconds, burst, mix, errorRate, uploadsPerMonth },
    options: { ioSeconds: ioMs / 1000, poller, arrivals, seed, periodSeconds },
  };
}

/** The configuration the flags describe: the defaults, then the stack file's values, then the flags. */
export function pipelineConfig(explicit: Partial<PipelineConfig>, fromStack: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    concurrency: IMAGE_PROCESSOR_DEFAULTS.reservedConcurrency,
    memoryMb: IMAGE_PROCESSOR_DEFAULTS.memoryMb,
    maxEventAgeSeconds: IMAGE_PROCESSOR_DEFAULTS.maximumEventAgeInSeconds,
    maxRetryAttempts: IMAGE_PROCESSOR_DEFAULTS.maxRetryAttempts,
    eventAgeAlarmPercent: IMAGE_PROCESSOR_DEFAULTS.eventAgeAlarmPercent,
    architecture: IMAGE_PROCESSOR_DEFAULTS.architecture,
    tableWriteCapacity: ENCRYPTED_TABLE_DEFAULTS.writeCapacity,
    ...fromStack,
    ...explicit,
  };
}
