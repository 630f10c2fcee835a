/** The capacity command's text output: the answer first, then the time series, the cost and the assumptions. */
import type { CapacityReport } from "./model";
import type { Recommendation } from "./recommend";

/** 5400 -> "1 h 30 min", 75 -> "1 min 15 s". */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  if (h > 0) return `${h} h${m ? ` ${m} min` : ""}`;
  return `${m} min${s ? ` ${s} s` : ""}`;
}

const count = (n: number) => n.toLocaleString("en-US");

export function formatReport(r: CapacityReport): string {
  const c = r.config;
  const load = r.load;
  const lines: string[] = [];
  const loadText = [
    load.ratePerSecond > 0 ? `${Number(load.ratePerSecond.toFixed(4))} uploads/s for ${humanDuration(load.durationSeconds)}` : "",
    load.burst ? `a burst of ${count(load.burst.count)} over ${humanDuration(load.burst.overSeconds)} at ${humanDuration(load.burst.atSeconds)}` : "",
  ]
    .filter(Boolean)
    .join(" plus ");
  lines.push(
    `Configuration: concurrency ${c.concurrency}, ${c.memoryMb} MB (${c.architecture}), maximum event age ${humanDuration(c.maxEventAgeSeconds)}, ${c.maxRetryAttempts} retries, table ${c.tableWriteCapacity} write units`,
    `Load: ${loadText}; mix ${r.jobs.map((j) => `${j.name} ${j.share} (${j.warmSeconds} s warm, ${j.coldSeconds} s cold)`).join(", ")}`,
    "",
    `Throughput:        ${count(r.throughputPerHour)} uploads/hour (capacity when saturated: ${count(r.capacityPerHour)}/hour)`,
    `Queue age:         p50 ${humanDuration(r.queueAgeP50Seconds)}, p99 ${humanDuration(r.queueAgeP99Seconds)}, max ${humanDuration(r.queueAgeMaxSeconds)}`,
    `Expired:           ${count(r.expired)} of ${count(r.arrivals)} uploads to the failure queue${r.firstExpirySeconds === null ? "" : `, the first at ${humanDuration(r.firstExpirySeconds)}`}` +
      (r.failed > 0 ? `; ${count(r.failed)} more failed every retry` : ""),
    `AsyncEventAge alarm (> ${humanDuration(r.eventAgeAlarmThresholdSeconds)}): ${r.eventAgeAlarmSeconds === null ? "would not fire" : `fires at ${humanDuration(r.eventAgeAlarmSeconds)}`}` +
      (r.eventAgeAlarmSeconds !== null && r.firstExpirySeconds !== null
        ? `, ${humanDuration(Math.max(0, r.firstExpirySeconds - r.eventAgeAlarmSeconds))} before the first loss`
        : ""),
    `Drain:             ${humanDuration(r.drainSeconds)} after the last arrival`,
    `Table writes:      ${r.peakWritesPerSecond}/s at the busiest period, ${c.tableWriteCapacity} write units provisioned${r.tableWriteCapacityOk ? "" : ": TOO FEW, writes would be throttled (raise tableWriteCapacity)"}`,
    `Monthly cost:      $${r.monthlyUsd.toFixed(2)} for ${count(r.cost.uploadsPerMonth)} uploads (${Object.entries(r.cost.byService)
      .map(([service, usd]) => `${service} $${usd.toFixed(2)}`)
      .join(", ")})`,
    "",
    "Queue over time (AsyncEventAge of the invocations in each period, backlog at its end):",
  );
  const periods = r.queueAgeOverTime;
  const stride = Math.max(1, Math.ceil(periods.length / 24));
  lines.push("  from       invoked   age p50    age p99    age max    done  expired  backlog");
  periods.forEach((p, i) => {
    if (i % stride !== 0 && i !== periods.length - 1) return;
    lines.push(
      `  ${humanDuration(p.fromSeconds).padEnd(10)} ${String(p.invocations).padStart(7)}  ${humanDuration(p.ageP50Seconds).padStart(9)}  ${humanDuration(p.ageP99Seconds).padStart(9)}  ${humanDuration(p.ageMaxSeconds).padStart(9)}  ${String(p.completed).padStart(6)}  ${String(p.expired).padStart(7)}  ${String(p.backlog).padStart(7)}`,
    );
  });
  if (stride > 1) lines.push(`  (every ${stride}th period shown; --json has all ${periods.length})`);
  lines.push("", "Assumptions:");
  for (const a of r.assumptions) lines.push(`  - ${a.statement}`, `    source: ${a.source}`);
  return lines.join("\n");
}

export function formatRecommendation(rec: Recommendation): string {
  const rows = rec.candidates.map(
    (c) =>
      `  ${String(c.memoryMb).padStart(5)} MB: ${c.concurrency === null ? "no concurrency up to the limit meets the goals" : `concurrency ${c.concurrency}, $${c.monthlyUsd?.toFixed(2)}/month`}`,
  );
  const head = rec.chosen
    ? `Recommended: concurrency ${rec.chosen.config.concurrency}, memory ${rec.chosen.config.memoryMb} MB, table write capacity ${rec.chosen.config.tableWriteCapacity} (cheapest that loses nothing and stays under the AsyncEventAge alarm)`
    : "No configuration within the limits meets the goals for this load.";
  return [head, ...rows, "", ...(rec.chosen ? [formatReport(rec.chosen)] : [])].join("\n");
}
