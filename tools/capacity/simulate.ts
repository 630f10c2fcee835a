/**
 * A discrete-event simulation of Lambda's asynchronous invocation of one function: events arrive
 * (S3 notifications), wait in Lambda's internal queue, are invoked when one of `concurrency`
 * execution environments is free, are retried after throttles (exponential backoff) and function
 * errors (1 and 2 minutes), and go to the on-failure destination once they are older than the
 * maximum event age or have failed every attempt. Deterministic: same input and seed, same result.
 */
import { EventHeap, seededRandom } from "./event-heap";
import { FUNCTION_ERROR_RETRY_DELAYS_SECONDS, THROTTLE_BACKOFF } from "./lambda-async";

/** One kind of upload: its share of the mix and its invocation time in a new and in a reused environment. */
export interface JobKind {
  readonly name: string;
  readonly share: number;
  readonly coldSeconds: number;
  readonly warmSeconds: number;
}

export interface ArrivalPlan {
  /** Sustained uploads per second from t = 0 for `durationSeconds`. */
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  /** Extra uploads spread over `overSeconds` from `atSeconds`. */
  readonly burst?: { readonly count: number; readonly overSeconds: number; readonly atSeconds: number };
  /** `poisson`: independent uploads (the default); `uniform`: evenly spaced (closed-form checks). */
  readonly process: "poisson" | "uniform";
}

/**
 * `backoff`: a throttled event retries on its own exponential schedule, so a free environment can
 * stay idle until some waiting event's next retry (what the documentation describes). `ideal`: a
 * work-conserving FIFO poller that hands the oldest ready event to the first free environment
 * (the best case, and the textbook queue the closed-form checks use).
 */
export type Poller = "backoff" | "ideal";

export interface SimulationInput {
  readonly concurrency: number;
  readonly maxEventAgeSeconds: number;
  /** Function-error retries, 0-2. */
  readonly maxRetryAttempts: number;
  /** Share of invocations that end in a function error (each costs its full duration). */
  readonly errorRate: number;
  readonly jobs: readonly JobKind[];
  readonly arrivals: ArrivalPlan;
  readonly seed: number;
  readonly poller: Poller;
  /** Width of the time-series periods, seconds (300: the alarms' period). */
  readonly periodSeconds: number;
  /** The AsyncEventAge alarm's threshold, seconds: the report says when it would first fire. */
  readonly ageAlarmSeconds: number;
}

export interface Period {
  readonly fromSeconds: number;
  /** Invocations started in the period, and the p50/p99/maximum age of their events (AsyncEventAge). */
  readonly invocations: number;
  readonly ageP50Seconds: number;
  readonly ageP99Seconds: number;
  readonly ageMaxSeconds: number;
  readonly completed: number;
  readonly expired: number;
  /** Events waiting (not running) at the end of the period. */
  readonly backlog: number;
}

export interface SimulationResult {
  readonly arrivals: number;
  readonly completed: number;
  /** Sent to the on-failure destination because they reached the maximum event age. */
  readonly expired: number;
  /** Sent to the on-failure destination after failing every attempt. */
  readonly failed: number;
  readonly invocations: number;
  readonly throttles: number;
  readonly coldStarts: number;
  /** Sum of every invocation's duration (GB-seconds = this x memory in GB). */
  readonly busySeconds: number;
  /** Completions per hour between the first arrival and the last completion. */
  readonly throughputPerHour: number;
  /** Per event: the wait until its first invocation (an expired event counts with the maximum age). */
  readonly queueAgeMeanSeconds: number;
  readonly queueAgeP50Seconds: number;
  readonly queueAgeP99Seconds: number;
  readonly queueAgeMaxSeconds: number;
  readonly lastArrivalSeconds: number;
  /** From the last arrival until the last event left (completed, expired or failed). */
  readonly drainSeconds: number;
  readonly firstExpirySeconds: number | null;
  /** End of the first period whose maximum AsyncEventAge is above `ageAlarmSeconds`. */
  readonly ageAlarmSeconds: number | null;
  readonly periods: Period[];
}

const WAITING = 0;
const RUNNING = 1;
const DONE = 2;
/** Not arrived yet. */
const NEW = 3;
const ATTEMPT = 0;
const FINISH = 1;
const EXPIRE = 2;

/** Sorted arrival times of the plan. */
export function arrivalTimes(plan: ArrivalPlan, random: () => number): number[] {
  const sustained: number[] = [];
  if (plan.ratePerSecond > 0) {
    if (plan.process === "uniform") {
      const count = Math.floor(plan.ratePerSecond * plan.durationSeconds + 1e-9);
      for (let i = 0; i < count; i++) sustained.push(i / plan.ratePerSecond);
    } else {
      for (let t = -Math.log(1 - random()) / plan.ratePerSecond; t < plan.durationSeconds; t += -Math.log(1 - random()) / plan.ratePerSecond) sustained.push(t);
    }
  }
  const burst: number[] = [];
  if (plan.burst && plan.burst.count > 0) {
    const { count, overSeconds, atSeconds } = plan.burst;
    // Given their number, the points of a Poisson process over a window are uniform order statistics.
    for (let i = 0; i < count; i++) burst.push(atSeconds + (plan.process === "uniform" ? (i * overSeconds) / count : random() * overSeconds));
    if (plan.process !== "uniform") burst.sort((a, b) => a - b);
  }
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < sustained.length || j < burst.length) merged.push(j >= burst.length || (i < sustained.length && sustained[i] <= burst[j]) ? sustained[i++] : burst[j++]);
  return merged;
}

/** The q-quantile (0-1) of sorted values, nearest rank; 0 for none. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function pickJob(jobs: readonly JobKind[], u: number): number {
  const total = jobs.reduce((sum, j) => sum + j.share, 0);
  let acc = 0;
  for (let k = 0; k < jobs.length; k++) {
    acc += jobs[k].share / total;
    if (u < acc) return k;
  }
  return jobs.length - 1;
}

export function simulate(input: SimulationInput): SimulationResult {
  const random = seededRandom(input.seed);
  const arrivals = arrivalTimes(input.arrivals, random);
  const n = arrivals.length;
  const kind = new Uint16Array(n);
  for (let i = 0; i < n; i++) kind[i] = pickJob(input.jobs, random());
  const state = new Uint8Array(n).fill(NEW);
  const attempts = new Uint8Array(n);
  const throttled = new Uint32Array(n);
  const firstAge = new Float64Array(n).fill(NaN);
  const maxAge = input.maxEventAgeSeconds;
  const heap = new EventHeap<number>();
  for (let i = 0; i < n; i++) {
    heap.push(arrivals[i], i * 4 + ATTEMPT);
    heap.push(arrivals[i] + maxAge, i * 4 + EXPIRE);
  }
  const ready: number[] = [];
  let readyHead = 0;

  let busy = 0;
  let environments = 0;
  let waiting = 0;
  let completed = 0;
  let expired = 0;
  let failed = 0;
  let invocations = 0;
  let throttles = 0;
  let coldStarts = 0;
  let busySeconds = 0;
  let lastResolution = 0;
  let lastCompletion = 0;
  let firstExpiry: number | null = null;

  const period = input.periodSeconds;
  const periodAges: number[][] = [];
  const periodCompleted: number[] = [];
  const periodExpired: number[] = [];
  const backlogAtEnd: number[] = [];
  const periodIndex = (t: number) => Math.floor(t / period);
  // Backlog at a period's end: every event before the boundary has been applied when the clock passes it.
  const advanceClock = (t: number) => {
    const p = Math.floor(t / period);
    while (periodAges.length <= p) {
      if (periodAges.length > 0) backlogAtEnd[periodAges.length - 1] = waiting;
      backlogAtEnd.push(waiting);
      periodAges.push([]);
      periodCompleted.push(0);
      periodExpired.push(0);
    }
  };

  const start = (id: number, now: number) => {
    const cold = busy >= environments;
    if (cold) {
      environments++;
      coldStarts++;
    }
    busy++;
    state[id] = RUNNING;
    waiting--;
    const age = now - arrivals[id];
    if (Number.isNaN(firstAge[id])) firstAge[id] = age;
    periodAges[periodIndex(now)].push(age);
    invocations++;
    const job = input.jobs[kind[id]];
    const duration = cold ? job.coldSeconds : job.warmSeconds;
    busySeconds += duration;
    heap.push(now + duration, id * 4 + FINISH);
  };

  const expire = (id: number, now: number) => {
    if (state[id] === WAITING) waiting--;
    state[id] = DONE;
    expired++;
    periodExpired[periodIndex(now)]++;
    if (Number.isNaN(firstAge[id])) firstAge[id] = maxAge;
    firstExpiry ??= now;
    lastResolution = Math.max(lastResolution, now);
  };

  /** The ideal poller's next ready event, skipping those that expired while queued. */
  const nextReady = (): number | undefined => {
    while (readyHead < ready.length) {
      const id = ready[readyHead++];
      if (state[id] === WAITING) return id;
    }
    return undefined;
  };

  advanceClock(0);
  for (let next = heap.pop(); next; next = heap.pop()) {
    const now = next.time;
    const id = next.item >> 2;
    const type = next.item & 3;
    advanceClock(now);
    if (type === EXPIRE) {
      if (state[id] === WAITING) expire(id, now);
      continue;
    }
    if (type === ATTEMPT) {
      if (state[id] === DONE) continue;
      if (state[id] === NEW) {
        state[id] = WAITING;
        waiting++;
      }
      if (busy < input.concurrency) {
        if (input.poller === "ideal" && readyHead < ready.length) {
          // FIFO: older ready events go first; this one joins the line.
          ready.push(id);
          const first = nextReady();
          if (first !== undefined) start(first, now);
        } else start(id, now);
      } else if (input.poller === "ideal") {
        throttles++;
        ready.push(id);
      } else {
        throttles++;
        const backoff = Math.min(THROTTLE_BACKOFF.maxSeconds, THROTTLE_BACKOFF.initialSeconds * 2 ** throttled[id]);
        throttled[id]++;
        // Jitter (0.5-1 x the interval): AWS does not document it; without it, events throttled
        // together would retry in lockstep, an artefact of the model rather than of Lambda.
        heap.push(now + backoff * (0.5 + 0.5 * random()), id * 4 + ATTEMPT);
      }
      continue;
    }
    // FINISH
    busy--;
    attempts[id]++;
    const error = input.errorRate > 0 && random() < input.errorRate;
    if (!error) {
      state[id] = DONE;
      completed++;
      periodCompleted[periodIndex(now)]++;
      lastCompletion = now;
      lastResolution = Math.max(lastResolution, now);
    } else if (attempts[id] > input.maxRetryAttempts) {
      state[id] = DONE;
      failed++;
      lastResolution = Math.max(lastResolution, now);
    } else {
      const retryAt = now + FUNCTION_ERROR_RETRY_DELAYS_SECONDS[attempts[id] - 1];
      const deadline = arrivals[id] + maxAge;
      state[id] = WAITING;
      waiting++;
      // A retry due after the event's maximum age never happens: the event leaves at its deadline
      // (its EXPIRE is already scheduled), or now if the deadline passed while it ran.
      if (now >= deadline) expire(id, now);
      else if (retryAt < deadline) heap.push(retryAt, id * 4 + ATTEMPT);
    }
    if (input.poller === "ideal") {
      const first = nextReady();
      if (first !== undefined) start(first, now);
    }
  }
  if (periodAges.length > 0) backlogAtEnd[periodAges.length - 1] = waiting;

  const ages = Float64Array.from(firstAge).sort();
  const firstArrival = n > 0 ? arrivals[0] : 0;
  const lastArrival = n > 0 ? arrivals[n - 1] : 0;
  const span = lastCompletion - firstArrival;
  const periods: Period[] = periodAges.map((list, p) => {
    const sorted = Float64Array.from(list).sort();
    return {
      fromSeconds: p * period,
      invocations: list.length,
      ageP50Seconds: quantile(sorted, 0.5),
      ageP99Seconds: quantile(sorted, 0.99),
      ageMaxSeconds: sorted.length ? sorted[sorted.length - 1] : 0,
      completed: periodCompleted[p],
      expired: periodExpired[p],
      backlog: backlogAtEnd[p],
    };
  });
  const alarmPeriod = periods.find((p) => p.ageMaxSeconds > input.ageAlarmSeconds);
  return {
    arrivals: n,
    completed,
    expired,
    failed,
    invocations,
    throttles,
    coldStarts,
    busySeconds,
    throughputPerHour: span > 0 ? (completed / span) * 3600 : 0,
    queueAgeMeanSeconds: n > 0 ? ages.reduce((a, b) => a + b, 0) / n : 0,
    queueAgeP50Seconds: quantile(ages, 0.5),
    queueAgeP99Seconds: quantile(ages, 0.99),
    queueAgeMaxSeconds: ages.length ? ages[ages.length - 1] : 0,
    lastArrivalSeconds: lastArrival,
    drainSeconds: n > 0 ? Math.max(0, lastResolution - lastArrival) : 0,
    firstExpirySeconds: firstExpiry,
    ageAlarmSeconds: alarmPeriod ? alarmPeriod.fromSeconds + period : null,
    periods,
  };
}
