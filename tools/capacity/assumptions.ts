/**
 * Every assumption the capacity model makes, written down with where it comes from: an AWS page,
 * the committed bench measurement, or "estimate" where no source gives the figure.
 */
import { HANDLER_DEFAULTS } from "../../handlers/config";
import { ASYNC_DOCS, FUNCTION_ERROR_RETRY_DELAYS_SECONDS, MAX_EVENT_AGE, MB_PER_VCPU, THROTTLE_BACKOFF } from "./lambda-async";
import type { Poller } from "./simulate";
import { SERVICE_TIMES_FILE, type ServiceTimes } from "./service-times";

export interface Assumption {
  readonly id: string;
  readonly statement: string;
  readonly source: string;
}

export interface AssumptionContext {
  readonly serviceTimes: ServiceTimes;
  readonly ioSeconds: number;
  readonly poller: Poller;
  readonly arrivals: "poisson" | "uniform";
  /** The bench inputs in the mix. */
  readonly mix: readonly string[];
}

export function assumptions(ctx: AssumptionContext): Assumption[] {
  const st = ctx.serviceTimes;
  const oversized = ctx.mix.filter((name) => st.inputs[name].inputBytes > HANDLER_DEFAULTS.maxImageBytes);
  const sizeNote: Assumption[] = oversized.map((name) => ({
    id: `oversized-${name}`,
    statement: `The bench's ${name} file is ${(st.inputs[name].inputBytes / 1048576).toFixed(1)} MiB, over the default maxImageBytes (${HANDLER_DEFAULTS.maxImageBytes / 1048576} MiB): a stack with the default rejects it unread in a fraction of the time; the model charges the full job, an upper bound.`,
    source: SERVICE_TIMES_FILE,
  }));
  return [
    {
      id: "async-queue",
      statement: "S3 invokes the function asynchronously: each event waits in Lambda's internal queue until one of the reserved-concurrency execution environments is free.",
      source: ASYNC_DOCS.errorHandling,
    },
    {
      id: "throttle-retry",
      statement:
        ctx.poller === "backoff"
          ? `A throttled event is retried after ${THROTTLE_BACKOFF.initialSeconds} s, the interval doubling to at most ${THROTTLE_BACKOFF.maxSeconds} s (with 0.5-1x jitter, which AWS does not document), so a free environment may wait for some queued event's next retry. AWS also slows reading a long queue, by an amount it does not state: not modelled, so long backlogs may drain slower than shown.`
          : "Ideal poller (--poller ideal): the oldest ready event goes to the first free environment, a best case; AWS documents a per-event exponential retry of throttled events instead.",
      source: ASYNC_DOCS.errorHandling,
    },
    {
      id: "error-retry",
      statement: `After a function error an event is retried up to maximumRetryAttempts (0-2) times, ${FUNCTION_ERROR_RETRY_DELAYS_SECONDS[0]} s and then ${FUNCTION_ERROR_RETRY_DELAYS_SECONDS[1]} s later; after the last failure it goes to the on-failure destination (the failure queue).`,
      source: ASYNC_DOCS.errorHandling,
    },
    {
      id: "maximum-event-age",
      statement: `An event still queued at maximumEventAgeInSeconds (${MAX_EVENT_AGE.minSeconds} s to ${MAX_EVENT_AGE.maxSeconds} s; ${MAX_EVENT_AGE.defaultSeconds} s when unset) is discarded to the on-failure destination; a retry that would fall after it never runs.`,
      source: ASYNC_DOCS.configuring,
    },
    {
      id: "event-age-metric",
      statement:
        "AsyncEventAge is the time from queueing to an invocation (in milliseconds); AsyncEventsDropped counts events dropped without a successful run, destination deliveries included.",
      source: ASYNC_DOCS.metrics,
    },
    {
      id: "cpu-share",
      statement: `CPU is proportional to memory: ${MB_PER_VCPU} MB is one vCPU. The image job is single-threaded, so above ${MB_PER_VCPU} MB it gets no faster.`,
      source: ASYNC_DOCS.memory,
    },
    {
      id: "service-times",
      statement: `Job CPU is the median of ${st.runs} fresh processes of the handler's image core on ${st.machine.model ?? "the bench machine"} (${st.date.slice(0, 10)}, load ${st.machine.loadAverage.join("/")}), divided by the CPU share; one Lambda vCPU is taken to equal one bench core (Graviton arm64 may differ by tens of percent).`,
      source: `${SERVICE_TIMES_FILE} (${st.command})`,
    },
    {
      id: "cold-warm",
      statement:
        "A new execution environment's first job takes the cold (first-job) time, later jobs the warm time; environments are kept while the function is busy. Module initialisation is not in the job time.",
      source: SERVICE_TIMES_FILE,
    },
    {
      id: "io-time",
      statement: `Each invocation adds ${ctx.ioSeconds} s of S3, DynamoDB and SNS round trips (HEAD, GET, 2 PUTs, 3 PutItems, 1 Publish in one region), not scaled by memory (--io-ms).`,
      source:
        "estimate: not measured (no AWS account here); S3's guidance is 100-200 ms first-byte latency, https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html",
    },
    {
      id: "table-writes",
      statement:
        "The records table is provisioned: each processed upload writes 3 items of under 1 KB (claim, record, notified), one write unit each. The peak is averaged over the period (DynamoDB's burst capacity keeps up to 300 s of unused throughput); writes over the capacity would be throttled and retried by the SDK, which the model does not simulate: it reports the peak against the capacity.",
      source: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html",
    },
    {
      id: "arrivals",
      statement:
        ctx.arrivals === "poisson"
          ? "Uploads arrive independently (a Poisson process at --rate; a burst's uploads at independent uniform times over --over)."
          : "Uploads arrive evenly spaced (--arrivals uniform).",
      source: "model choice",
    },
    ...sizeNote,
  ];
}
