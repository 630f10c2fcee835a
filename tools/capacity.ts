// `npm run -s capacity -- [--rate 5/s] [--burst 20000 --over 10m] [--mix jpeg-12mp=0.8,png-12mp=0.2]
// [--concurrency N] [--memory MB] [--max-event-age 6h] [--stack NAME] [--recommend] [--json]`:
// what the deployed pipeline does with a load, simulated on the bench's measured job times
// (docs/capacity.md). `--help` lists every flag.
import { packageRoot } from "../components/package-root";
import { loadStackConfig } from "../offline/stack-config";
import { EXIT } from "./exit-codes";
import { parseCapacityArgs, pipelineConfig, UsageError, USAGE } from "./capacity/cli-args";
import { runModel, type CapacityReport, type PipelineConfig } from "./capacity/model";
import { recommend } from "./capacity/recommend";
import { formatRecommendation, formatReport } from "./capacity/report";
import { readServiceTimes } from "./capacity/service-times";

/** The capacity settings of a stack file (Pulumi.yaml defaults under it). */
export function stackCapacityConfig(stack: string): Partial<PipelineConfig> {
  const { values, project } = loadStackConfig(packageRoot(__dirname), stack);
  const num = (key: string) => (values[`${project}:${key}`] === undefined ? undefined : Number(values[`${project}:${key}`]));
  const entries = {
    concurrency: num("lambdaReservedConcurrency"),
    memoryMb: num("lambdaMemoryMb"),
    maxEventAgeSeconds: num("maximumEventAgeInSeconds"),
    eventAgeAlarmPercent: num("eventAgeAlarmPercent"),
    tableWriteCapacity: num("tableWriteCapacity"),
    architecture: values[`${project}:lambdaArchitecture`] as PipelineConfig["architecture"] | undefined,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Partial<PipelineConfig>;
}

/** Runs the command on `argv`; returns the exit code and what to print. */
export function capacityCommand(argv: readonly string[]): { code: number; stdout: string } {
  const args = parseCapacityArgs(argv);
  if (args.help) return { code: EXIT.ok, stdout: USAGE };
  const config = pipelineConfig(args.config, args.stack ? stackCapacityConfig(args.stack) : {});
  const serviceTimes = readServiceTimes();
  if (args.recommend) {
    const rec = recommend(serviceTimes, config, args.load, args.options);
    const recommended = rec.chosen && {
      concurrency: rec.chosen.config.concurrency,
      memoryMb: rec.chosen.config.memoryMb,
      tableWriteCapacity: rec.chosen.config.tableWriteCapacity,
    };
    const stdout = args.json ? JSON.stringify({ ...(rec.chosen ?? {}), recommended, candidates: rec.candidates }, null, 2) : formatRecommendation(rec);
    return { code: rec.chosen ? EXIT.ok : EXIT.findings, stdout };
  }
  const report: CapacityReport = runModel(serviceTimes, config, args.load, args.options);
  const lost = report.expired + report.failed > 0 || !report.tableWriteCapacityOk;
  return { code: lost ? EXIT.findings : EXIT.ok, stdout: args.json ? JSON.stringify(report, null, 2) : formatReport(report) };
}

if (require.main === module) {
  let result: { code: number; stdout: string };
  try {
    result = capacityCommand(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`capacity: ${message}${error instanceof UsageError ? "\n(npm run -s capacity -- --help lists the flags)" : ""}\n`);
    process.exit(EXIT.usage);
  }
  process.stdout.write(`${result.stdout}\n`, () => process.exit(result.code));
}
