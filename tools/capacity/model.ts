/**
 * The capacity model of the deployed pipeline: a configuration (concurrency, memory, maximum
 * event age) and a load (sustained rate, burst, image mix) in; the simulation's answer, its
 * monthly cost and its assumptions out.
 */
import { assumptions, type Assumption } from "./assumptions";
import { monthlyCost, type MonthlyCost } from "./cost";
import { simulate, type JobKind, type Period, type Poller, type SimulationResult } from "./simulate";
import { lambdaSeconds, type ServiceTimes } from "./service-times";

export interface PipelineConfig {
  readonly concurrency: number;
  readonly memoryMb: number;
  readonly maxEventAgeSeconds: number;
  readonly maxRetryAttempts: number;
  /** The AsyncEventAge alarm fires above this percentage of the maximum event age. */
  readonly eventAgeAlarmPercent: number;
  readonly architecture: "arm64" | "x86_64";
  /** Provisioned write capacity units of the records table. */
  readonly tableWriteCapacity: number;
}

/** DynamoDB writes of one processed upload: claim, final record, notification sent (handlers/upload.ts). */
export const WRITES_PER_UPLOAD = 3;

export interface Load {
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  readonly burst?: { readonly count: number; readonly overSeconds: number; readonly atSeconds: number };
  /** Bench input name to its share of the uploads. */
  readonly mix: Readonly<Record<string, number>>;
  readonly errorRate: number;
  /** Uploads a month the cost is for. */
  readonly uploadsPerMonth: number;
}

export interface ModelOptions {
  readonly ioSeconds: number;
  readonly poller: Poller;
  readonly arrivals: "poisson" | "uniform";
  readonly seed: number;
  readonly periodSeconds: number;
  /** Size the table's write capacity to the load (--recommend) instead of taking the configuration's. */
  readonly fitTableToLoad?: boolean;
}

export interface CapacityReport {
  readonly throughputPerHour: number;
  readonly queueAgeP99Seconds: number;
  readonly expired: number;
  readonly drainSeconds: number;
  readonly monthlyUsd: number;
  readonly assumptions: Assumption[];
  /** What the configuration can finish an hour when saturated: concurrency x 3600 / mean warm job time. */
  readonly capacityPerHour: number;
  readonly queueAgeP50Seconds: number;
  readonly queueAgeMaxSeconds: number;
  readonly arrivals: number;
  readonly completed: number;
  readonly failed: number;
  readonly invocations: number;
  readonly throttles: number;
  readonly firstExpirySeconds: number | null;
  /** When the AsyncEventAge alarm would first fire (end of its 5-minute period), if it would. */
  readonly eventAgeAlarmSeconds: number | null;
  readonly eventAgeAlarmThresholdSeconds: number;
  /**
   * Table writes a second at the busiest period (3 per processed upload, averaged over the period:
   * DynamoDB's burst capacity keeps up to 300 s of unused throughput), and whether the
   * provisioned write capacity carries them.
   */
  readonly peakWritesPerSecond: number;
  readonly tableWriteCapacityOk: boolean;
  readonly config: PipelineConfig;
  readonly load: Load;
  readonly jobs: JobKind[];
  readonly cost: MonthlyCost;
  readonly queueAgeOverTime: Period[];
}

/** Job kinds of the mix, each with its Lambda duration at `memoryMb` from the measured CPU. */
export function jobKinds(serviceTimes: ServiceTimes, mix: Readonly<Record<string, number>>, memoryMb: number, ioSeconds: number): JobKind[] {
  const unknown = Object.keys(mix).filter((name) => !(name in serviceTimes.inputs));
  if (unknown.length > 0) {
    throw new Error(`--mix: no measured job time for ${unknown.join(", ")}: measured inputs are ${Object.keys(serviceTimes.inputs).join(", ")}`);
  }
  return Object.entries(mix).map(([name, share]) => {
    const cpu = serviceTimes.inputs[name].hostCpuMs;
    return { name, share, coldSeconds: lambdaSeconds(cpu.cold, memoryMb) + ioSeconds, warmSeconds: lambdaSeconds(cpu.warm, memoryMb) + ioSeconds };
  });
}

export function meanWarmSeconds(jobs: readonly JobKind[]): number {
  const total = jobs.reduce((sum, j) => sum + j.share, 0);
  return jobs.reduce((sum, j) => sum + (j.share / total) * j.warmSeconds, 0);
}

export function ageAlarmThresholdSeconds(config: PipelineConfig): number {
  return (config.maxEventAgeSeconds * config.eventAgeAlarmPercent) / 100;
}

export function runModel(serviceTimes: ServiceTimes, config: PipelineConfig, load: Load, options: ModelOptions): CapacityReport {
  const jobs = jobKinds(serviceTimes, load.mix, config.memoryMb, options.ioSeconds);
  const threshold = ageAlarmThresholdSeconds(config);
  const sim: SimulationResult = simulate({
    concurrency: config.concurrency,
    maxEventAgeSeconds: config.maxEventAgeSeconds,
    maxRetryAttempts: config.maxRetryAttempts,
    errorRate: load.errorRate,
    jobs,
    arrivals: { ratePerSecond: load.ratePerSecond, durationSeconds: load.durationSeconds, burst: load.burst, process: options.arrivals },
    seed: options.seed,
    poller: options.poller,
    periodSeconds: options.periodSeconds,
    ageAlarmSeconds: threshold,
  });
  const peakWritesPerSecond = Math.max(0, ...sim.periods.map((p) => (p.completed * WRITES_PER_UPLOAD) / options.periodSeconds));
  const tableWriteCapacity = options.fitTableToLoad ? Math.max(1, Math.ceil(peakWritesPerSecond)) : config.tableWriteCapacity;
  const fitted = { ...config, tableWriteCapacity };
  const cost = monthlyCost({ sim, memoryMb: config.memoryMb, tableWriteCapacity, architecture: config.architecture, uploadsPerMonth: load.uploadsPerMonth });
  return {
    throughputPerHour: Math.round(sim.throughputPerHour),
    queueAgeP99Seconds: round(sim.queueAgeP99Seconds),
    expired: sim.expired,
    drainSeconds: round(sim.drainSeconds),
    monthlyUsd: cost.totalUsd,
    assumptions: [
      ...assumptions({ serviceTimes, ioSeconds: options.ioSeconds, poller: options.poller, arrivals: options.arrivals, mix: Object.keys(load.mix) }),
      ...cost.assumptions,
    ],
    capacityPerHour: Math.round((config.concurrency * 3600) / meanWarmSeconds(jobs)),
    queueAgeP50Seconds: round(sim.queueAgeP50Seconds),
    queueAgeMaxSeconds: round(sim.queueAgeMaxSeconds),
    arrivals: sim.arrivals,
    completed: sim.completed,
    failed: sim.failed,
    invocations: sim.invocations,
    throttles: sim.throttles,
    firstExpirySeconds: sim.firstExpirySeconds === null ? null : round(sim.firstExpirySeconds),
    eventAgeAlarmSeconds: sim.ageAlarmSeconds,
    eventAgeAlarmThresholdSeconds: threshold,
    peakWritesPerSecond: round(peakWritesPerSecond, 2),
    tableWriteCapacityOk: peakWritesPerSecond <= tableWriteCapacity,
    config: fitted,
    load,
    jobs: jobs.map((j) => ({ ...j, coldSeconds: round(j.coldSeconds, 3), warmSeconds: round(j.warmSeconds, 3) })),
    cost,
    queueAgeOverTime: sim.periods.map((p) => ({
      ...p,
      ageP50Seconds: round(p.ageP50Seconds),
      ageP99Seconds: round(p.ageP99Seconds),
      ageMaxSeconds: round(p.ageMaxSeconds),
    })),
  };
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}
