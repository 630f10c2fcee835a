/**
 * The measured job times the capacity model runs on: `bench/service-times.json`, written by
 * `npm run bench -- --service-times bench/service-times.json` (the handler's image core on the
 * bench's inputs, in fresh processes) and committed, so the model's inputs are measurements.
 */
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../../components/package-root";
import { cpuShare } from "./lambda-async";

/** The memory sizes the bench reports Lambda job times for: the default, double, one full vCPU. */
export const BENCH_MEMORY_SIZES_MB = [512, 1024, 1769] as const;

export interface MeasuredInput {
  readonly megapixels: number;
  readonly inputBytes: number;
  /** Job CPU on the bench machine: the first job in a fresh process, and the same job repeated in it. */
  readonly hostCpuMs: { readonly cold: number; readonly warm: number };
  /** The same jobs as Lambda durations at each bench memory size (CPU / CPU share). */
  readonly lambdaSeconds: Readonly<Record<string, { readonly cold: number; readonly warm: number }>>;
}

export interface ServiceTimes {
  /** The command that wrote the file. */
  readonly command: string;
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly model?: string; readonly node: string; readonly loadAverage: number[] };
  readonly runs: number;
  readonly inputs: Readonly<Record<string, MeasuredInput>>;
}

export const SERVICE_TIMES_FILE = path.join("bench", "service-times.json");

export function readServiceTimes(file = path.join(packageRoot(__dirname), SERVICE_TIMES_FILE)): ServiceTimes {
  let parsed: ServiceTimes;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ServiceTimes;
  } catch (error) {
    throw new Error(`cannot read the measured job times ${file}: ${(error as Error).message} (write it with npm run bench -- --service-times ${SERVICE_TIMES_FILE})`);
  }
  if (!parsed.inputs || Object.keys(parsed.inputs).length === 0) throw new Error(`${file} has no measured inputs`);
  return parsed;
}

/** Lambda duration of a job measured at `hostCpuMs` on one bench core, at `memoryMb`. */
export function lambdaSeconds(hostCpuMs: number, memoryMb: number): number {
  return hostCpuMs / 1000 / cpuShare(memoryMb);
}

/** The per-memory figures the bench records for one input. */
export function lambdaSecondsByMemory(hostCpuMs: { cold: number; warm: number }): Record<string, { cold: number; warm: number }> {
  const round = (s: number) => Number(s.toFixed(3));
  return Object.fromEntries(BENCH_MEMORY_SIZES_MB.map((mb) => [String(mb), { cold: round(lambdaSeconds(hostCpuMs.cold, mb)), warm: round(lambdaSeconds(hostCpuMs.warm, mb)) }]));
}
