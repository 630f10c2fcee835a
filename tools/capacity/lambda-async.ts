import { LAMBDA_LIMITS } from "../../components/aws-limits";

/**
 * How Lambda's asynchronous invocation treats an event, as AWS documents it: the numbers the
 * simulator uses, each with the page it comes from (the capacity command prints them as its
 * assumptions).
 */

export const ASYNC_DOCS = {
  errorHandling: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html",
  configuring: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html",
  memory: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html",
  metrics: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
} as const;

/** Waits before the second and third attempt after a function error (1 minute, then 2 minutes). */
export const FUNCTION_ERROR_RETRY_DELAYS_SECONDS = [60, 120] as const;

/** A throttled event is retried after 1 s, the interval doubling up to 5 minutes. */
export const THROTTLE_BACKOFF = { initialSeconds: 1, maxSeconds: 300 } as const;

/** maximumEventAgeInSeconds: 60 s to 6 hours; 6 hours when not set. */
export const MAX_EVENT_AGE = {
  minSeconds: LAMBDA_LIMITS.maximumEventAgeInSeconds.min,
  maxSeconds: LAMBDA_LIMITS.maximumEventAgeInSeconds.max,
  defaultSeconds: 21600,
} as const;

/** At 1,769 MB a function has the equivalent of one vCPU; CPU scales linearly with memory. */
export const MB_PER_VCPU = 1769;

/**
 * The CPU share a single-threaded job gets at `memoryMb`: linear up to one vCPU, and no faster
 * beyond it (the handler's image work runs on one thread; more vCPUs do not shorten it).
 */
export function cpuShare(memoryMb: number): number {
  return Math.min(1, memoryMb / MB_PER_VCPU);
}
