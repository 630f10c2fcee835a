/**
 * The asynchronous-invocation simulator against queues whose answer is known in closed form: a
 * saturated single server, an unloaded one (exact for evenly spaced arrivals, Pollaczek-Khinchine
 * for Poisson ones), and a burst that exactly drains before its events expire. Tolerances are
 * stated per case: exact cases to 0.5%, statistical ones to 10% (the standard error of a mean
 * wait over ~50,000 Poisson arrivals is about 3%). The `ideal` poller is the textbook FIFO queue;
 * the `backoff` poller (AWS's documented per-event retry) is held to the same saturated
 * throughput and never to shorter waits. Proves the model's arithmetic, not AWS's internals.
 */
import { arrivalTimes, quantile, simulate, type SimulationInput } from "../../tools/capacity/simulate";
import { seededRandom } from "../../tools/capacity/event-heap";

const job = (seconds: number) => [{ name: "job", share: 1, coldSeconds: seconds, warmSeconds: seconds }];

function input(overrides: Partial<SimulationInput>): SimulationInput {
  return {
    concurrency: 1,
    maxEventAgeSeconds: 21600,
    maxRetryAttempts: 2,
    errorRate: 0,
    jobs: job(1),
    arrivals: { ratePerSecond: 0, durationSeconds: 0, process: "uniform" },
    seed: 7,
    poller: "ideal",
    periodSeconds: 300,
    ageAlarmSeconds: 10800,
    ...overrides,
  };
}

const within = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * tolerance);

describe("a saturated single server (N uploads at once, concurrency 1, service S)", () => {
  const N = 1000;
  const S = 2;
  const burst = { count: N, overSeconds: 0, atSeconds: 0 };

  it("ideal poller: throughput 3600/S an hour, drain N x S, waits k x S (exact, 0.5%)", () => {
    const r = simulate(input({ jobs: job(S), arrivals: { ratePerSecond: 0, durationSeconds: 0, burst, process: "uniform" } }));
    within(r.throughputPerHour, 3600 / S, 0.005);
    within(r.drainSeconds, N * S, 0.005);
    expect(r.completed).toBe(N);
    expect(r.expired).toBe(0);
    // The k-th event (k = 0..N-1) waits k x S; nearest-rank p99 is the ceil(0.99 N)-th of them.
    expect(r.queueAgeP99Seconds).toBeCloseTo((Math.ceil(0.99 * N) - 1) * S, 6);
    expect(r.queueAgeP50Seconds).toBeCloseTo((Math.ceil(0.5 * N) - 1) * S, 6);
    expect(r.busySeconds).toBeCloseTo(N * S, 6);
  });

  it("backoff poller: with B events waiting, each 5-minute period completes 300 / (S + 225 s / B) (2%)", () => {
    // Waiting events retry at most every 300 s x 0.5-1 jitter (225 s on average), so B of them
    // offer a retry every 225 / B s: the idle gap after each completion. Checked once every
    // event has reached the longest interval (after ~9 throttles, under 10 minutes).
    const S = 1;
    const r = simulate(
      input({ poller: "backoff", jobs: job(S), arrivals: { ratePerSecond: 0, durationSeconds: 0, burst: { count: 20000, overSeconds: 0, atSeconds: 0 }, process: "uniform" } }),
    );
    const periods = r.periods.map((p, i) => ({ ...p, backlogBefore: i === 0 ? 20000 : r.periods[i - 1].backlog }));
    const steady = periods.filter((p) => p.fromSeconds >= 900 && p.backlog > 1000);
    expect(steady.length).toBeGreaterThan(30);
    for (const p of steady) within(p.completed, 300 / (S + 225 / ((p.backlog + p.backlogBefore) / 2)), 0.02);
    expect(r.completed).toBe(20000);
  });

  it("loses what it cannot start within the maximum event age: N - (floor(age / S) + 1) expire (exact)", () => {
    const maxAge = 601; // starts at 0, 2, ..., 600 fit; the rest expire
    const r = simulate(input({ jobs: job(S), maxEventAgeSeconds: maxAge, arrivals: { ratePerSecond: 0, durationSeconds: 0, burst, process: "uniform" } }));
    expect(r.completed).toBe(Math.floor(maxAge / S) + 1);
    expect(r.expired).toBe(N - (Math.floor(maxAge / S) + 1));
    expect(r.firstExpirySeconds).toBe(maxAge);
  });
});

describe("an unloaded server", () => {
  it("evenly spaced arrivals slower than the service: no wait, throughput = the arrival rate (exact, 0.5%), for either poller", () => {
    for (const poller of ["ideal", "backoff"] as const) {
      const r = simulate(input({ poller, jobs: job(1), arrivals: { ratePerSecond: 0.5, durationSeconds: 7200, process: "uniform" } }));
      expect(r.arrivals).toBe(3600);
      expect(r.queueAgeMaxSeconds).toBe(0);
      expect(r.throttles).toBe(0);
      within(r.throughputPerHour, 0.5 * 3600, 0.005);
      expect(r.drainSeconds).toBeCloseTo(1, 6);
    }
  });

  it("Poisson arrivals (M/D/1 at load 0.1): mean wait = rho S / 2(1 - rho) and P(wait > 0) = rho (10%)", () => {
    const lambda = 0.5;
    const S = 0.2;
    const rho = lambda * S;
    const r = simulate(input({ jobs: job(S), arrivals: { ratePerSecond: lambda, durationSeconds: 100_000, process: "poisson" } }));
    within(r.arrivals, lambda * 100_000, 0.02);
    within(r.queueAgeMeanSeconds, (rho * S) / (2 * (1 - rho)), 0.1);
    expect(r.queueAgeP50Seconds).toBe(0);
    within(r.busySeconds / 100_000, rho, 0.02);
    expect(r.expired).toBe(0);
  });

  it("Poisson arrivals (M/D/1 at load 0.8): the same formula holds near saturation (10%)", () => {
    const S = 1;
    const lambda = 0.8;
    const r = simulate(input({ jobs: job(S), arrivals: { ratePerSecond: lambda, durationSeconds: 200_000, process: "poisson" } }));
    within(r.queueAgeMeanSeconds, (0.8 * S) / (2 * 0.2), 0.1);
  });
});

describe("a burst that exactly drains before expiry (N at once, concurrency c, service S)", () => {
  const N = 1000;
  const c = 4;
  const S = 3;
  const rounds = Math.ceil(N / c);
  const lastStart = (rounds - 1) * S; // 747 s
  const run = (maxEventAgeSeconds: number) =>
    simulate(
      input({
        concurrency: c,
        jobs: job(S),
        maxEventAgeSeconds,
        arrivals: { ratePerSecond: 0, durationSeconds: 0, burst: { count: N, overSeconds: 0, atSeconds: 0 }, process: "uniform" },
      }),
    );

  it("a maximum age just over the last start loses nothing and drains in ceil(N/c) x S (exact)", () => {
    const r = run(lastStart + 1);
    expect(r.expired).toBe(0);
    expect(r.completed).toBe(N);
    expect(r.drainSeconds).toBeCloseTo(rounds * S, 6);
    within(r.throughputPerHour, (c * 3600) / S, 0.005);
    expect(r.coldStarts).toBe(c);
  });

  it("a maximum age just under it loses exactly the last round", () => {
    const r = run(lastStart - 1);
    expect(r.expired).toBe(N - c * (rounds - 1));
    expect(r.firstExpirySeconds).toBe(lastStart - 1);
  });

  it("the backoff poller needs longer, never shorter: same work, waits at least the ideal ones", () => {
    const ideal = run(21600);
    const backoff = simulate(
      input({
        poller: "backoff",
        concurrency: c,
        jobs: job(S),
        arrivals: { ratePerSecond: 0, durationSeconds: 0, burst: { count: N, overSeconds: 0, atSeconds: 0 }, process: "uniform" },
      }),
    );
    expect(backoff.completed).toBe(N);
    expect(backoff.busySeconds).toBeCloseTo(ideal.busySeconds, 6);
    expect(backoff.drainSeconds).toBeGreaterThanOrEqual(ideal.drainSeconds);
    expect(backoff.queueAgeMeanSeconds).toBeGreaterThanOrEqual(ideal.queueAgeMeanSeconds);
    expect(backoff.throttles).toBeGreaterThan(ideal.throttles);
  });
});

describe("function errors and retries", () => {
  const arrivals = { ratePerSecond: 0.01, durationSeconds: 10_000, process: "uniform" as const };

  it("every attempt failing: 1 + maxRetryAttempts invocations each, all to the failure destination", () => {
    for (const retries of [0, 1, 2]) {
      const r = simulate(input({ errorRate: 1, maxRetryAttempts: retries, arrivals }));
      expect(r.failed).toBe(100);
      expect(r.invocations).toBe(100 * (1 + retries));
      expect(r.completed).toBe(0);
    }
  });

  it("a retry due after the maximum event age never runs: the event expires at its deadline", () => {
    // Attempts at 0, then 1 + 60 s (under 100 s), then 62 + 120 s (past it).
    const r = simulate(input({ errorRate: 1, maxRetryAttempts: 2, maxEventAgeSeconds: 100, arrivals }));
    expect(r.invocations).toBe(200);
    expect(r.expired).toBe(100);
    expect(r.failed).toBe(0);
    // The retry's AsyncEventAge is its wait since the upload: the 60 s delay plus the first run.
    expect(Math.max(...r.periods.map((p) => p.ageMaxSeconds))).toBeCloseTo(61, 6);
  });
});

describe("the simulation's own bookkeeping", () => {
  const plan = { ratePerSecond: 3, durationSeconds: 1800, burst: { count: 5000, overSeconds: 300, atSeconds: 600 }, process: "poisson" as const };

  it("is deterministic for a seed and changes with it", () => {
    const a = simulate(input({ poller: "backoff", arrivals: plan, concurrency: 2, maxEventAgeSeconds: 1200 }));
    const b = simulate(input({ poller: "backoff", arrivals: plan, concurrency: 2, maxEventAgeSeconds: 1200 }));
    const c = simulate(input({ poller: "backoff", arrivals: plan, concurrency: 2, maxEventAgeSeconds: 1200, seed: 8 }));
    expect(b).toEqual(a);
    expect(c.queueAgeMeanSeconds).not.toBe(a.queueAgeMeanSeconds);
  });

  it("accounts for every upload, in total and period by period", () => {
    const r = simulate(input({ poller: "backoff", arrivals: plan, concurrency: 2, maxEventAgeSeconds: 1200, errorRate: 0.05 }));
    expect(r.completed + r.expired + r.failed).toBe(r.arrivals);
    expect(r.periods.reduce((n, p) => n + p.completed, 0)).toBe(r.completed);
    expect(r.periods.reduce((n, p) => n + p.expired, 0)).toBe(r.expired);
    expect(r.periods.reduce((n, p) => n + p.invocations, 0)).toBe(r.invocations);
    expect(r.periods[r.periods.length - 1].backlog).toBe(0);
    expect(r.expired).toBeGreaterThan(0);
    // The age alarm (3 h here) cannot fire when nothing may wait over 20 minutes.
    expect(r.ageAlarmSeconds).toBeNull();
    expect(simulate(input({ poller: "backoff", arrivals: plan, concurrency: 2, maxEventAgeSeconds: 1200, ageAlarmSeconds: 600 })).ageAlarmSeconds).not.toBeNull();
  });

  it("draws the sustained rate and the burst as asked", () => {
    const times = arrivalTimes(plan, seededRandom(3));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    const inBurst = times.filter((t) => t >= 600 && t < 900).length;
    within(times.length, 3 * 1800 + 5000, 0.03);
    within(inBurst, 5000 + 3 * 300, 0.05);
    expect(arrivalTimes({ ratePerSecond: 2, durationSeconds: 10, process: "uniform" }, seededRandom(1))).toEqual([
      0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5,
    ]);
  });

  it("takes quantiles by nearest rank", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(sorted, 0.5)).toBe(5);
    expect(quantile(sorted, 0.99)).toBe(10);
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile([], 0.5)).toBe(0);
  });
});
