/**
 * Preloaded into a measured tool (`node --require bench/cpu-report.js <tool> ...`): when the process
 * exits, writes its whole-process CPU (all threads, start-up included) and peak RSS as JSON to the
 * file named by BENCH_CPU_REPORT. The tool itself runs unchanged.
 */
import * as fs from "fs";

const reportFile = process.env.BENCH_CPU_REPORT;
if (reportFile) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    // VmHWM, as the bench worker reads it: maxRSS would also count memory the fork copied from the bench.
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    const maxRssMiB = hwm ? Number(hwm[1]) / 1024 : usage.maxRSS / 1024;
    fs.writeFileSync(reportFile, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMiB }));
  });
}
