/**
 * `--recommend`: for a target load, the cheapest configuration that loses no upload and keeps
 * every event's age under the AsyncEventAge alarm (so the target is normal operation, not an
 * incident): for each bench memory size, the least reserved concurrency that does, then the
 * cheapest of those (fewer environments on a tie). Waiting is not monotone in concurrency under
 * random arrivals, so "least" is the least the search met, from a starting point near the answer.
 */
import { LAMBDA_LIMITS } from "../../components/aws-limits";
import { ageAlarmThresholdSeconds, jobKinds, meanWarmSeconds, runModel, type CapacityReport, type Load, type ModelOptions, type PipelineConfig } from "./model";
import { BENCH_MEMORY_SIZES_MB, type ServiceTimes } from "./service-times";

export interface Recommendation {
  readonly chosen: CapacityReport | null;
  /** The least concurrency that meets the goals at each memory size (null: none up to the limit). */
  readonly candidates: { readonly memoryMb: number; readonly concurrency: number | null; readonly monthlyUsd: number | null }[];
}

export function meetsGoals(report: CapacityReport): boolean {
  return report.expired === 0 && report.failed === 0 && report.queueAgeMaxSeconds <= report.eventAgeAlarmThresholdSeconds;
}

/**
 * Where the search starts: enough environments to serve the sustained rate, and to clear a burst
 * on top of it within the alarm's threshold (c >= S x (rate + burst / threshold)).
 */
function startingPoint(serviceTimes: ServiceTimes, config: PipelineConfig, load: Load, options: ModelOptions): number {
  const meanSeconds = meanWarmSeconds(jobKinds(serviceTimes, load.mix, config.memoryMb, options.ioSeconds));
  const threshold = ageAlarmThresholdSeconds(config);
  return Math.max(1, Math.ceil(meanSeconds * (load.ratePerSecond + (load.burst?.count ?? 0) / threshold)));
}

/** The least concurrency at `memoryMb` that meets the goals, searched from the starting point both ways. */
function leastConcurrency(serviceTimes: ServiceTimes, base: PipelineConfig, memoryMb: number, load: Load, options: ModelOptions): CapacityReport | null {
  const max = LAMBDA_LIMITS.reservedConcurrency.max;
  const at = (concurrency: number) => runModel(serviceTimes, { ...base, memoryMb, concurrency }, load, { ...options, fitTableToLoad: true });
  const start = Math.min(max, startingPoint(serviceTimes, { ...base, memoryMb }, load, options));
  let report = at(start);
  if (meetsGoals(report)) {
    // Walk down while the goals still hold.
    for (let c = start - 1; c >= 1; c--) {
      const lower = at(c);
      if (!meetsGoals(lower)) break;
      report = lower;
    }
    return report;
  }
  // Grow by doubling steps until the goals hold, then bisect between the last miss and the hit.
  let low = start;
  let step = 1;
  let hit: CapacityReport | null = null;
  while (low < max && !hit) {
    const high = Math.min(max, low + step);
    const candidate = at(high);
    if (meetsGoals(candidate)) hit = candidate;
    else low = high;
    step *= 2;
  }
  while (hit && hit.config.concurrency - low > 1) {
    const mid = Math.floor((low + hit.config.concurrency) / 2);
    const candidate = at(mid);
    if (meetsGoals(candidate)) hit = candidate;
    else low = mid;
  }
  return hit;
}

export function recommend(serviceTimes: ServiceTimes, base: PipelineConfig, load: Load, options: ModelOptions): Recommendation {
  const candidates: Recommendation["candidates"][number][] = [];
  let chosen: CapacityReport | null = null;
  for (const memoryMb of BENCH_MEMORY_SIZES_MB) {
    const hit = leastConcurrency(serviceTimes, base, memoryMb, load, options);
    candidates.push({ memoryMb, concurrency: hit ? hit.config.concurrency : null, monthlyUsd: hit ? hit.monthlyUsd : null });
    if (hit && (!chosen || hit.monthlyUsd < chosen.monthlyUsd || (hit.monthlyUsd === chosen.monthlyUsd && hit.config.concurrency < chosen.config.concurrency))) {
      chosen = hit;
    }
  }
  return { chosen, candidates };
}
